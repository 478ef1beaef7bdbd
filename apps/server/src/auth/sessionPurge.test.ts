import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { CollabLogger } from '@hegao/collab';
import { createSession, createUser, openSqlite, type Db } from '@hegao/storage';
import { SESSION_PURGE_INTERVAL_MS, startSessionPurge } from './sessionPurge.js';

let db: Db;
let userId: string;
const logged: string[] = [];
const logger: CollabLogger = {
  info: (msg) => logged.push(msg),
  warn: (msg) => logged.push(msg),
  error: (msg) => logged.push(msg),
};

const tokens = async () => (await db.kysely.selectFrom('sessions').select('token_hash').orderBy('token_hash').execute()).map((r) => r.token_hash);

beforeEach(async () => {
  db = await openSqlite(':memory:');
  userId = (await createUser(db, { username: 'wjj', name: '张卫民', role: 'editor', bureauId: null, passwordHash: 'x' })).id;
  logged.length = 0;
});
afterEach(async () => {
  vi.useRealTimers();
  await db.close();
});

describe('startSessionPurge', () => {
  it('removes expired sessions at start, keeps live ones, and runs again every interval until stopped', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'Date'] });
    vi.setSystemTime(1_000_000);
    await createSession(db, 'expired', userId, 999_999);
    await createSession(db, 'soon', userId, 1_000_000 + 60_000);
    await createSession(db, 'later', userId, 1_000_000 + 2 * SESSION_PURGE_INTERVAL_MS);

    const purge = await startSessionPurge({ db, logger });
    expect(await tokens()).toEqual(['later', 'soon']);
    expect(logged).toEqual(['expired sessions removed']);

    // An hour on: 'soon' has expired and is removed by the next run.
    await vi.advanceTimersByTimeAsync(SESSION_PURGE_INTERVAL_MS);
    await vi.waitFor(async () => expect(await tokens()).toEqual(['later']));

    await purge.stop();
    await vi.advanceTimersByTimeAsync(3 * SESSION_PURGE_INTERVAL_MS);
    // Stopped: 'later' has expired but stays until the next start.
    expect(await tokens()).toEqual(['later']);
  });

  it('logs a failure instead of throwing', async () => {
    await db.close();
    const purge = await startSessionPurge({ db, logger });
    await purge.stop();
    expect(logged).toEqual(['session purge failed']);
    db = await openSqlite(':memory:');
  });
});
