// Transactions retried whole after a deadlock or serialization failure (transaction.ts), on a
// real private PostgreSQL (src/test/pgServer.ts) and on SQLite.
import { afterEach, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { verifyAuditChain } from './auditVerify.js';
import { openPostgres } from './postgres.js';
import { listEvents, recordEvent } from './repos/events.js';
import { createUser } from './repos/organisation.js';
import { inTransaction, updateSectionFields } from './repos/outline.js';
import { createReport, createSection, getSection, type SectionRecord } from './repos/reports.js';
import type { Db } from './db.js';
import { openSqlite } from './sqlite.js';
import { newPgDatabase } from './test/dialects.js';
import { dropPgDatabase } from './test/pgServer.js';
import { TRANSACTION_ATTEMPTS, runTransaction, transactionBackoffMs, type RunTransactionOptions } from './transaction.js';

interface Warning {
  msg: string;
  fields: Record<string, unknown>;
}

const opened: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of opened.splice(0)) await close();
});

/** A new PostgreSQL database (a copy of the migrated template) whose retries are logged to `warnings`. */
async function openPg(warnings: Warning[]): Promise<Db> {
  const url = await newPgDatabase();
  const db = await openPostgres(url, { logger: { warn: (msg, fields) => warnings.push({ msg, fields: fields ?? {} }) } });
  opened.push(async () => {
    await db.close();
    await dropPgDatabase(url);
  });
  return db;
}

/** A report with two sections, 甲 and 乙, and a user to act. */
async function twoSections(db: Db): Promise<{ userId: string; reportId: string; a: SectionRecord; b: SectionRecord }> {
  const userId = (await createUser(db, { username: 'bgs', name: '王芳', role: 'secretary', bureauId: null, passwordHash: 'x' })).id;
  const reportId = (await createReport(db, { title: '报告', period: '2020年', kind: 'custom', dueDate: null, createdBy: userId })).id;
  const a = await createSection(db, { reportId, parentId: null, position: 0, title: '甲', status: 'drafting' });
  const b = await createSection(db, { reportId, parentId: null, position: 1, title: '乙', status: 'drafting' });
  return { userId, reportId, a, b };
}

type Run = (db: Db, fn: (tx: Db) => Promise<void>) => Promise<void>;

/**
 * Two transactions that rename both sections in opposite orders, as two requests changing several
 * sections would: each takes its first row's lock, waits until the other has taken its own, then
 * asks for the other's row. PostgreSQL finds the deadlock (after deadlock_timeout, 1 s) and rolls
 * one back with 40P01. On an attempt after the first nobody waits at the barrier any more.
 * Returns how each ended and how many times each callback ran.
 */
async function crossedRenames(db: Db, run: Run) {
  const { userId, reportId, a, b } = await twoSections(db);
  let arrived = 0;
  let bothLocked!: () => void;
  const barrier = new Promise<void>((resolve) => (bothLocked = resolve));
  const calls = { first: 0, second: 0 };
  const rename = (who: 'first' | 'second', [one, two]: [SectionRecord, SectionRecord], title: string) =>
    run(db, async (tx) => {
      calls[who]++;
      await updateSectionFields(tx, one.id, { title });
      if (calls[who] === 1) {
        if (++arrived === 2) bothLocked();
        await barrier;
      }
      await updateSectionFields(tx, two.id, { title });
      await recordEvent(tx, { reportId, actorId: userId, type: 'section.update', detail: { title: { from: '旧标题', to: title } } });
    });
  const outcomes = await Promise.allSettled([rename('first', [a, b], '第一'), rename('second', [b, a], '第二')]);
  return { outcomes, calls, reportId, a, b };
}

const codeOf = (outcome: PromiseSettledResult<void>): unknown => (outcome.status === 'rejected' ? (outcome.reason as { code?: unknown }).code : null);

describe('postgres: a deadlock between two request transactions', () => {
  it('without a retry, one of the two fails with 40P01 and only the other is written', async () => {
    const warnings: Warning[] = [];
    const db = await openPg(warnings);
    const once: RunTransactionOptions = { attempts: 1 };
    const { outcomes, calls, reportId, a, b } = await crossedRenames(db, (d, fn) => runTransaction(d, fn, once));
    expect(outcomes.map(codeOf).sort()).toEqual(['40P01', null]);
    expect(calls).toEqual({ first: 1, second: 1 });
    const winner = outcomes[0]!.status === 'fulfilled' ? '第一' : '第二';
    expect((await getSection(db, a.id))!.title).toBe(winner);
    expect((await getSection(db, b.id))!.title).toBe(winner);
    expect((await listEvents(db, reportId)).map((e) => e.detail)).toEqual([{ title: { from: '旧标题', to: winner } }]);
    expect(warnings).toEqual([]);
  });

  it('with inTransaction, the victim runs again from the start: both succeed, each written once, the retry logged at warn', async () => {
    const warnings: Warning[] = [];
    const db = await openPg(warnings);
    const { outcomes, calls, reportId, a, b } = await crossedRenames(db, inTransaction);
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'fulfilled']);
    // One of them ran twice: its first attempt was the deadlock's victim.
    expect(calls.first + calls.second).toBe(3);
    const last = calls.first === 2 ? '第一' : '第二';
    // The transaction that ran again committed last: both sections carry its title.
    expect((await getSection(db, a.id))!.title).toBe(last);
    expect((await getSection(db, b.id))!.title).toBe(last);
    // The victim's first attempt left nothing: one event per request, and the chain verifies.
    const titles = (await listEvents(db, reportId)).map((e) => (e.detail as { title: { to: string } }).title.to);
    expect(titles.sort()).toEqual(['第一', '第二']);
    expect((await verifyAuditChain(db)).failure).toBeNull();
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatchObject({ msg: 'transaction retried', fields: { code: '40P01', attempt: 1, of: TRANSACTION_ATTEMPTS } });
  });

  it('a serialization failure (40001) is retried as well; after the last attempt the error reaches the caller', async () => {
    const warnings: Warning[] = [];
    const db = await openPg(warnings);
    const { reportId, userId } = await twoSections(db);
    const failFirst = async (tx: Db, failing: number, attempt: number) => {
      await recordEvent(tx, { reportId, actorId: userId, type: 'section.update', detail: { attempt } });
      if (attempt <= failing) await sql`DO $$ BEGIN RAISE EXCEPTION 'conflict' USING ERRCODE = 'serialization_failure'; END $$`.execute(tx.kysely);
    };
    let attempts = 0;
    await runTransaction(db, (tx) => failFirst(tx, 2, ++attempts));
    expect(attempts).toBe(3);
    expect((await listEvents(db, reportId)).map((e) => e.detail)).toEqual([{ attempt: 3 }]);
    expect(warnings.map((w) => w.fields.code)).toEqual(['40001', '40001']);

    attempts = 0;
    await expect(runTransaction(db, (tx) => failFirst(tx, 99, ++attempts), { attempts: 3 })).rejects.toMatchObject({ code: '40001' });
    expect(attempts).toBe(3);
    expect(await listEvents(db, reportId)).toHaveLength(1);
  });

  it('any other error is not retried', async () => {
    const warnings: Warning[] = [];
    const db = await openPg(warnings);
    await twoSections(db);
    let attempts = 0;
    // The username is taken (unique_violation).
    const duplicate = runTransaction(db, async (tx) => {
      attempts++;
      await createUser(tx, { username: 'bgs', name: '王芳', role: 'secretary', bureauId: null, passwordHash: 'x' });
    });
    await expect(duplicate).rejects.toMatchObject({ code: '23505' });
    expect(attempts).toBe(1);
    expect(warnings).toEqual([]);
  });
});

describe('sqlite', () => {
  it('runs the callback once, commits it, and rolls back whatever threw', async () => {
    const db = await openSqlite(':memory:');
    opened.push(() => db.close());
    const { reportId, userId } = await twoSections(db);
    let attempts = 0;
    await inTransaction(db, async (tx) => {
      attempts++;
      await recordEvent(tx, { reportId, actorId: userId, type: 'section.update', detail: { kept: true } });
    });
    await expect(
      inTransaction(db, async (tx) => {
        attempts++;
        await recordEvent(tx, { reportId, actorId: userId, type: 'section.update', detail: { kept: false } });
        throw new Error('请求失败');
      }),
    ).rejects.toThrow('请求失败');
    expect(attempts).toBe(2);
    expect((await listEvents(db, reportId)).map((e) => e.detail)).toEqual([{ kept: true }]);
  });

  it('refuses to run inside another transaction, where a retry could not undo the outer one', async () => {
    const db = await openSqlite(':memory:');
    opened.push(() => db.close());
    await expect(inTransaction(db, (tx) => runTransaction(tx, async () => {}))).rejects.toThrow('already inside a transaction');
  });
});

describe('backoff', () => {
  it('doubles from 10 ms, capped at 250 ms, jittered between half and all of the step', () => {
    expect([1, 2, 3, 4, 5, 6, 7].map((n) => transactionBackoffMs(n, () => 1))).toEqual([10, 20, 40, 80, 160, 250, 250]);
    expect([1, 2, 3, 4, 5, 6].map((n) => transactionBackoffMs(n, () => 0))).toEqual([5, 10, 20, 40, 80, 125]);
  });
});
