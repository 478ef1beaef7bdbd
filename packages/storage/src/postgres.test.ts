import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { openPostgres } from './postgres.js';
import type { Db } from './db.js';
import { SqlDocStore } from './SqlDocStore.js';
import { newPgDatabase } from './test/dialects.js';
import { startPgServer } from './test/pgServer.js';
import { verifyAuditChain } from './auditVerify.js';
import { getSetting } from './repos/settings.js';

const dbs: Db[] = [];
afterEach(async () => {
  for (const db of dbs.splice(0)) await db.close();
});

async function open(url: string): Promise<Db> {
  const db = await openPostgres(url);
  dbs.push(db);
  return db;
}

describe('openPostgres', () => {
  it('migrates a new database and reopens it without migrating again', async () => {
    const url = await newPgDatabase(false);
    const db = await open(url);
    expect(db.dialect).toBe('postgres');
    expect(db.file).toBeUndefined();
    expect(db.sqlite).toBeUndefined();
    const names = async (d: Db) => (await sql<{ name: string }>`SELECT name FROM kysely_migration ORDER BY name`.execute(d.kysely)).rows.map((r) => r.name);
    const applied = await names(db);
    expect(applied[0]).toBe('0001_initial');
    expect(applied).toContain('0006_lean_log');
    const again = await open(url);
    expect(await names(again)).toEqual(applied);
    // A session stuck in a transaction cannot hold the chain's lock for ever.
    expect((await sql<{ idle_in_transaction_session_timeout: string }>`SHOW idle_in_transaction_session_timeout`.execute(db.kysely)).rows[0]).toEqual({ idle_in_transaction_session_timeout: '1min' });
  });

  it('migrates once when several servers start on a new database at the same time', async () => {
    const url = await newPgDatabase(false);
    const opened = await Promise.all(Array.from({ length: 5 }, () => open(url)));
    const rows = await sql<{ name: string; n: number }>`SELECT name, count(*) AS n FROM kysely_migration GROUP BY name ORDER BY name`.execute(opened[0]!.kysely);
    expect(rows.rows.length).toBeGreaterThanOrEqual(6);
    expect(rows.rows.every((r) => r.n === 1)).toBe(true);
  });

  it('writes appends still queued when it closes', async () => {
    const url = await newPgDatabase();
    const db = await openPostgres(url);
    const store = new SqlDocStore(db);
    const author = { userId: 'u1', bureauId: null, connectionId: 'c1' };
    const appended = store.append([{ docName: 'd', update: new Uint8Array([1]), author, createdAt: 1, bindClients: [] }]);
    await db.close();
    expect(await appended).toHaveLength(1);
    const again = await open(url);
    expect((await new SqlDocStore(again).history('d')).map((u) => [...u.update])).toEqual([[1]]);
  });

  it('fails writes while the server is down and recovers by itself when it is back', async () => {
    // A server of its own: the run's shared one must stay up for the other files.
    const server = await startPgServer();
    try {
      const db = await openPostgres(await server.createDatabase());
      const store = new SqlDocStore(db);
      const author = { userId: 'u1', bureauId: null, connectionId: 'c1' };
      const append = (byte: number) => store.append([{ docName: 'd', update: new Uint8Array([byte]), author, createdAt: byte, bindClients: [] }]);
      await append(1);
      await server.kill('immediate');
      await expect(append(2)).rejects.toThrow();
      await expect(getSetting(db, 'x')).rejects.toThrow();
      await server.start();
      await append(3);
      expect((await store.history('d')).map((u) => [...u.update])).toEqual([[1], [3]]);
      expect((await verifyAuditChain(db)).ok).toBe(true);
      await db.close();
    } finally {
      await server.stop();
    }
  });

  it('returns bigint columns and counts as numbers and bytea as bytes, like SQLite', async () => {
    const db = await open(await newPgDatabase());
    const at = Date.now();
    await db.kysely.insertInto('doc_checkpoints').values({ doc_name: 'd', upto_seq: 7, data: new Uint8Array([1, 2, 255]), created_at: at }).execute();
    const row = await db.kysely.selectFrom('doc_checkpoints').selectAll().executeTakeFirstOrThrow();
    expect(row.upto_seq).toBe(7);
    expect(row.created_at).toBe(at);
    expect([...row.data]).toEqual([1, 2, 255]);
    const { n } = await db.kysely.selectFrom('doc_checkpoints').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(n).toBe(1);
    const big = sql<{ v: number }>`SELECT 9007199254740993::bigint AS v`.execute(db.kysely);
    await expect(big).rejects.toThrow(/beyond the integers/);
  });
});
