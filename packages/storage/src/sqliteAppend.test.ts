import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { ClientIdConflictError, type AppendEntry } from '@hegao/collab';
import { verifyAuditChain } from './auditVerify.js';
import { migrate } from './migrations.js';
import type { Database } from './schema.js';
import { SqliteAppender } from './sqliteAppend.js';
import { createBureau, createUser } from './repos/organisation.js';
import { createReport, createSection, getSection } from './repos/reports.js';
import type { Db } from './db.js';
import { openSqlite } from './sqlite.js';
import { SqlDocStore } from './SqlDocStore.js';
import { countSqlite } from './sqliteCounts.js';

const dbs: Db[] = [];
afterEach(async () => {
  for (const db of dbs.splice(0)) await db.close();
});

/** A ':memory:' database: the store writes on the server's connection, where it can be counted. */
async function memoryStore() {
  const db = await openSqlite(':memory:');
  dbs.push(db);
  const counts = countSqlite(db.sqlite!);
  return { db, store: new SqlDocStore(db), counts };
}

function keystrokes(count: number, docName: string, userId: string): AppendEntry[] {
  const doc = new Y.Doc();
  const text = doc.get('t', Y.XmlText) as Y.XmlText;
  const out: AppendEntry[] = [];
  doc.on('update', (update: Uint8Array) => {
    out.push({ docName, update, author: { userId, bureauId: null, connectionId: `c-${userId}` }, createdAt: Date.now(), bindClients: out.length === 0 ? [doc.clientID] : [] });
  });
  for (let i = 0; i < count; i++) text.insert(i, '字');
  return out;
}

describe('the SQLite append path', () => {
  it('prepares its statements once: after the first append, appends prepare nothing and build no queries', async () => {
    const { store, counts } = await memoryStore();
    const typed = keystrokes(61, 'd1', 'alice');
    await store.append([typed[0]!]);
    // The first group prepared the append statements, once.
    expect(counts.prepares.length).toBeGreaterThan(0);
    counts.reset();
    for (const entry of typed.slice(1, 31)) await store.append([entry]);
    await Promise.all(typed.slice(31).map((entry) => store.append([entry])));
    expect(counts.prepares).toEqual([]);
    expect(counts.autocommitWrites).toEqual([]);
    expect((await store.load('d1')).updates).toHaveLength(61);
  });

  it('writes a group of appends issued together in exactly one commit', async () => {
    const { db, store, counts } = await memoryStore();
    await store.append(keystrokes(1, 'warm', 'alice'));
    counts.reset();
    const rooms = Array.from({ length: 20 }, (_, i) => keystrokes(3, `d${i}`, `u${i}`));
    const seqs = await Promise.all(rooms.map((entries) => store.append(entries)));
    expect(counts.commits).toBe(1);
    expect(counts.autocommitWrites).toEqual([]);
    expect(new Set(seqs.flat()).size).toBe(60);
    // The group has one audit chain record and the chain verifies.
    const records = await db.kysely.selectFrom('audit_chain').select('ref').where('kind', '=', 'updates').execute();
    expect(records).toHaveLength(2);
    expect(await verifyAuditChain(db)).toMatchObject({ ok: true, rows: { updates: 61 } });
  });

  it("moves the section's last editor forward in the same commit, never back, and only to a known user", async () => {
    const { db, store, counts } = await memoryStore();
    const bureau = await createBureau(db, { name: '发改局', color: '#2980b9' });
    const user = await createUser(db, { username: 'fgj', name: '陈发展', role: 'editor', bureauId: bureau.id, passwordHash: 'x' });
    const report = await createReport(db, { title: '报告', period: '2020年', kind: 'half_year', dueDate: null, createdBy: user.id });
    const section = await createSection(db, { reportId: report.id, parentId: null, position: 0, title: '经济发展', status: 'drafting', bureauIds: [bureau.id], numbered: true });
    await store.append(keystrokes(1, 'warm', 'alice'));
    counts.reset();
    const [first, second] = keystrokes(2, section.docName, user.id);
    await store.append([{ ...first!, createdAt: 2000 }, { ...second!, createdAt: 3000 }]);
    expect(counts.commits).toBe(1);
    expect(counts.autocommitWrites).toEqual([]);
    expect(await getSection(db, section.id)).toMatchObject({ lastEditUserId: user.id, lastEditAt: 3000 });
    // An older write (a slow group) does not move it back; an unknown author does not fail the group.
    counts.reset();
    const [late] = keystrokes(1, section.docName, user.id);
    await store.append([{ ...late!, createdAt: 1000 }]);
    const [ghost] = keystrokes(1, section.docName, 'no-such-user');
    expect(await store.append([{ ...ghost!, createdAt: 4000 }])).toHaveLength(1);
    expect(counts).toMatchObject({ prepares: [], commits: 2, autocommitWrites: [] });
    expect(await getSection(db, section.id)).toMatchObject({ lastEditUserId: user.id, lastEditAt: 3000 });
  });

  it('refuses one conflicting append of a group on the connection path; the others commit', async () => {
    const { store } = await memoryStore();
    const [owned] = keystrokes(1, 'd1', 'alice');
    await store.append([owned!]);
    const results = await Promise.allSettled([store.append([{ ...owned!, author: { ...owned!.author, userId: 'mallory' } }]), store.append(keystrokes(2, 'd1', 'bob'))]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'fulfilled']);
    expect((results[0] as PromiseRejectedResult).reason).toBeInstanceOf(ClientIdConflictError);
    expect((await store.load('d1')).updates).toHaveLength(3);
  });

  it('writes four pages to the WAL per keystroke commit (update, its index, the chain record, 最后编辑), not six', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hegao-pages-'));
    /** WAL frames per single-keystroke commit on a database migrated up to `upTo`. */
    const pagesPerCommit = async (upTo: string | undefined) => {
      const file = join(dir, `hegao-${upTo ?? 'latest'}.db`);
      const sqlite = new BetterSqlite3(file);
      sqlite.pragma('journal_mode = WAL');
      const k = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
      await migrate(k as Kysely<unknown>, 'sqlite', upTo);
      const db: Db = { kysely: k, dialect: 'sqlite', close: () => k.destroy() };
      const report = await createReport(db, { title: '报告', period: '2020年', kind: 'custom', dueDate: null, createdBy: null });
      const section = await createSection(db, { reportId: report.id, parentId: null, position: 0, title: '导语', status: 'drafting', bureauIds: [], numbered: true });
      const user = await createUser(db, { username: 'alice', name: '甲', role: 'editor', bureauId: null, passwordHash: 'x' });
      await db.close();
      const conn = new BetterSqlite3(file);
      conn.pragma('wal_autocheckpoint = 0');
      const appender = new SqliteAppender(conn);
      // One keystroke a millisecond apart, as typed: each moves 最后编辑 forward.
      const typed = keystrokes(260, section.docName, user.id).map((e, i) => ({ ...e, createdAt: 1_700_000_000_000 + i }));
      for (const entry of typed.slice(0, 60)) appender.commit([[entry]]);
      // A reader holding a snapshot keeps the log from starting over, so its frames can be counted
      // (PRAGMA wal_checkpoint reports them; it cannot copy past the reader).
      const reader = new BetterSqlite3(file, { readonly: true });
      reader.exec('BEGIN');
      reader.prepare('SELECT count(*) FROM doc_updates').get();
      const frames = () => (conn.pragma('wal_checkpoint(PASSIVE)') as { log: number }[])[0]!.log;
      const before = frames();
      for (const entry of typed.slice(60)) appender.commit([[entry]]);
      const perCommit = (frames() - before) / 200;
      reader.exec('COMMIT');
      reader.close();
      conn.close();
      return perCommit;
    };
    try {
      // A leaf that fills up splits now and then, so a little over the pages named.
      const before = await pagesPerCommit('0005_audit_chain');
      const now = await pagesPerCommit(undefined);
      expect(before).toBeGreaterThanOrEqual(6);
      expect(now).toBeGreaterThanOrEqual(4);
      expect(now).toBeLessThan(4.5);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('rebuilds the log tables without their extra pages (0006), keeping every row, seq and the chain', async () => {
    const sqlite = new BetterSqlite3(':memory:');
    const k = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
    await migrate(k as Kysely<unknown>, 'sqlite', '0005_audit_chain');
    const old: Db = { kysely: k, dialect: 'sqlite', sqlite, close: () => k.destroy() };
    const store = new SqlDocStore(old);
    const typed = keystrokes(30, 'd1', 'alice');
    for (const entry of typed.slice(0, 20)) await store.append([entry]);
    const ddl = (name: string) => (sqlite.prepare("SELECT sql FROM sqlite_master WHERE name = ?").pluck().get(name) as string) ?? '';
    expect(ddl('doc_updates')).toMatch(/autoincrement/i);
    const seqsBefore = (await store.history('d1')).map((u) => u.seq);
    // Up to 0006 itself: the crash below (before it was recorded) can only happen while it is the last.
    await migrate(k as Kysely<unknown>, 'sqlite', '0006_lean_log');
    expect(ddl('doc_updates')).not.toMatch(/autoincrement/i);
    expect(sqlite.prepare("SELECT count(*) FROM sqlite_master WHERE tbl_name = 'audit_chain' AND type = 'index'").pluck().get()).toBe(0);
    expect(sqlite.prepare("SELECT name FROM sqlite_master WHERE tbl_name = 'doc_updates' AND type = 'index'").pluck().all()).toEqual(['doc_updates_doc']);
    expect((await store.history('d1')).map((u) => u.seq)).toEqual(seqsBefore);
    // Appends go on from the largest seq, and the chain over old and new rows verifies.
    const fresh = new SqlDocStore(old);
    for (const entry of typed.slice(20)) await fresh.append([entry]);
    const seqs = (await fresh.history('d1')).map((u) => u.seq);
    expect(seqs).toEqual(Array.from({ length: 30 }, (_, i) => seqsBefore[0]! + i));
    expect(await verifyAuditChain(old)).toMatchObject({ ok: true, rows: { updates: 30 } });
    // Run again (a crash before the migration was recorded): nothing changes.
    await sqlite.exec("DELETE FROM kysely_migration WHERE name = '0006_lean_log'");
    await migrate(k as Kysely<unknown>, 'sqlite', '0006_lean_log');
    expect((await fresh.history('d1')).map((u) => u.seq)).toEqual(seqs);
    await old.close();
  });
});
