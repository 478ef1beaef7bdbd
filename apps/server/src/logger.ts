/** JSON-lines logger on stdout/stderr. */
import type { CollabLogger } from '@hegao/collab';

/** Creates a logger; `quiet` drops info lines (tests). */
export function createLogger(quiet = false): CollabLogger {
  const line = (level: string, msg: string, fields?: Record<string, unknown>) =>
    JSON.stringify({ time: new Date().toISOString(), level, msg, ...fields });
  return {
    info: (msg, fields) => {
      if (!quiet) process.stdout.write(`${line('info', msg, fields)}\n`);
    },
    warn: (msg, fields) => process.stderr.write(`${line('warn', msg, fields)}\n`),
    error: (msg, fields) => process.stderr.write(`${line('error', msg, fields)}\n`),
  };
}
