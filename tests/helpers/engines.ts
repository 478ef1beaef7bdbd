/**
 * Suites that run on one engine only (issue 15: every integration suite runs on SQLite and on
 * PostgreSQL). The reason is part of the suite's name, so the PostgreSQL run lists it as not run and why.
 */
import { describe } from 'vitest';
import { TEST_DATABASE } from './serverProcess.js';

/** `describe(name, fn)` in the SQLite run only; in the PostgreSQL run it is listed as skipped, naming `reason`. */
export function describeSqliteOnly(name: string, reason: string, fn: () => void): void {
  describe.runIf(TEST_DATABASE === 'sqlite')(`${name} (SQLite only: ${reason})`, fn);
}
