import fs, { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { ClientIdConflictError, type AppendEntry } from '@hegao/collab';
import { verifyAuditChain } from './auditVerify.js';
import { walCheckpointOnWorker } from './groupCommit.js';
import type { Db } from './db.js';
import { openSqlite } from './sqlite.js';
import { SqlDocStore } from './SqlDocStore.js';
import { countSqlite } from './sqliteCounts.js';

const dirs: string[] = [];
const dbs: Db[] = [];
const readers: BetterSqlite3.Database[] = [];
afterEach(async () => {
  vi.restoreAllMocks();
  for (const r of readers.splice(0)) r.close();
  for (const db of dbs.splice(0)) await db.close();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

async function fileStore() {
  const dir = mkdtempSync(join(tmpdir(), 'hegao-group-'));
  dirs.push(dir);
  const file = join(dir, 'hegao.db');
  const db = await openSqlite(file);
  dbs.push(db);
  // A second connection, as a process restarted after a kill would read the file.
  const reader = new BetterSqlite3(file, { readonly: true });
  readers.push(reader);
  return { db, file, reader, store: new SqlDocStore(db) };
}

/** A room typing: each keystroke appended after the previous one is durable, as Room.flush does. */
function typist(docName: string, userId: string) {
  const doc = new Y.Doc();
  const text = doc.get('t', Y.XmlText) as Y.XmlText;
  let first = true;
  return (): AppendEntry => {
    let update: Uint8Array | null = null;
    const grab = (u: Uint8Array) => (update = u);
    doc.on('update', grab);
    text.insert(text.length, '字');
    doc.off('update', grab);
    const bindClients = first ? [doc.clientID] : [];
    first = false;
    return { docName, update: update!, author: { userId, bureauId: null, connectionId: `c-${userId}` }, createdAt: Date.now(), bindClients };
  };
}

const chainRecords = (reader: BetterSqlite3.Database) => (reader.prepare("SELECT count(*) FROM audit_chain WHERE kind = 'updates'").pluck().get() as number);

describe('group commit on a SQLite file', () => {
  it('groups concurrent appends of many rooms into few commits, each durable before it resolves', async () => {
    const { db, reader, store } = await fileStore();
    const main = countSqlite(db.sqlite!);
    const stored = reader.prepare('SELECT doc_name, data FROM doc_updates WHERE seq = ?');
    const ROOMS = 40;
    const KEYS = 10;
    const notDurable: string[] = [];
    await Promise.all(
      Array.from({ length: ROOMS }, async (_, r) => {
        const next = typist(`doc${r}`, `u${r}`);
        for (let k = 0; k < KEYS; k++) {
          const entry = next();
          const [seq] = await store.append([entry]);
          // At resolve time the update is in the file, for any other connection.
          const row = stored.get(seq) as { doc_name: string; data: Buffer } | undefined;
          if (row?.doc_name !== entry.docName || !Buffer.from(entry.update).equals(row.data)) notDurable.push(`doc${r}#${k}`);
        }
      }),
    );
    expect(notDurable).toEqual([]);
    // One audit chain record per transaction: the commits, counted in the file.
    const commits = chainRecords(reader);
    expect(commits).toBeGreaterThan(0);
    expect(commits).toBeLessThanOrEqual((ROOMS * KEYS) / 4);
    expect(store.committer.stats).toMatchObject({ commits, appends: ROOMS * KEYS });
    // The commits ran on the append connection: the server's connection wrote nothing, prepared nothing.
    expect(main.prepares).toEqual([]);
    expect(main.autocommitWrites).toEqual([]);
    // Per room, seqs follow the order of the appends.
    for (let r = 0; r < ROOMS; r += 13) {
      const seqs = (await store.history(`doc${r}`)).map((u) => u.seq);
      expect(seqs).toHaveLength(KEYS);
      expect([...seqs].sort((a, b) => a - b)).toEqual(seqs);
    }
    expect(await verifyAuditChain(db)).toMatchObject({ ok: true, rows: { updates: ROOMS * KEYS } });
  });

  it('refuses a conflicting append on its own and surfaces a failed group to each of its appends', async () => {
    const { db, store } = await fileStore();
    const alice = typist('d1', 'alice');
    const owned = alice();
    await store.append([owned]);
    const results = await Promise.allSettled([store.append([{ ...alice(), author: { ...owned.author, userId: 'mallory' }, bindClients: owned.bindClients }]), store.append([typist('d1', 'bob')()])]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'fulfilled']);
    expect((results[0] as PromiseRejectedResult).reason).toBeInstanceOf(ClientIdConflictError);
    // A transaction that fails (here: a trigger, as a full disk would) rejects every append of it and stores none.
    await db.kysely.executeQuery({ ...db.kysely.selectFrom('settings').selectAll().compile(), sql: "CREATE TRIGGER no_updates BEFORE INSERT ON doc_updates BEGIN SELECT RAISE(ABORT, 'disk full'); END" });
    const failed = await Promise.allSettled([store.append([alice()]), store.append([typist('d2', 'carol')()])]);
    expect(failed.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    expect(String((failed[0] as PromiseRejectedResult).reason)).toMatch(/disk full/);
    expect((await store.history('d1')).length).toBe(2);
    expect(await verifyAuditChain(db)).toMatchObject({ ok: true });
  });

  it('waits for a transaction held open on the server connection, then commits after it', async () => {
    const { db, reader, store } = await fileStore();
    const next = typist('d1', 'alice');
    let appended: Promise<number[]> | null = null;
    await db.kysely.transaction().execute(async (trx) => {
      await trx.insertInto('settings').values({ key: 'k', value: 'v' }).execute();
      appended = store.append([next()]);
      await new Promise((r) => setTimeout(r, 100));
      // Still waiting for the lock this transaction holds.
      expect(chainRecords(reader)).toBe(0);
    });
    expect(await appended!).toHaveLength(1);
    expect(chainRecords(reader)).toBe(1);
    expect(await verifyAuditChain(db)).toMatchObject({ ok: true });
  });

  it('writes checkpoints on the worker too: durable at resolve, nothing written on the server connection', async () => {
    const { db, reader, store } = await fileStore();
    const main = countSqlite(db.sqlite!);
    const next = typist('d1', 'alice');
    const [seq] = await store.append([next()]);
    const state = Uint8Array.from({ length: 5000 }, (_, i) => i % 251);
    await store.checkpoint('d1', state.subarray(1000, 3000), seq!);
    const row = reader.prepare('SELECT upto_seq, data FROM doc_checkpoints WHERE doc_name = ?').get('d1') as { upto_seq: number; data: Buffer };
    expect(row.upto_seq).toBe(seq);
    expect(Buffer.from(state.subarray(1000, 3000)).equals(row.data)).toBe(true);
    // The caller's buffer is still its own (what was handed to the worker was a copy).
    expect(state.byteLength).toBe(5000);
    expect(main.autocommitWrites).toEqual([]);
    expect((await store.load('d1')).checkpointSeq).toBe(seq);
  });

  it('is not held up by a read-only transaction (audit verify) open on the server connection', async () => {
    const { db, reader, store } = await fileStore();
    const next = typist('d1', 'alice');
    await db.kysely
      .transaction()
      .setAccessMode('read only')
      .execute(async (trx) => {
        await trx.selectFrom('audit_chain').select('seq').execute();
        // Committed while the snapshot is open.
        expect(await store.append([next()])).toHaveLength(1);
        expect(chainRecords(reader)).toBe(1);
      });
    expect(await verifyAuditChain(db)).toMatchObject({ ok: true });
  });

  it('resolves a group only once an fdatasync of the WAL, started after its commit, has finished', async () => {
    const { db, file, store } = await fileStore();
    const next = typist('d1', 'alice');
    await store.append([next()]);
    // Hold the next fdatasync: the group is committed (visible to readers) but not yet durable.
    const held: (() => void)[] = [];
    const real = fs.fdatasync;
    const spy = vi.spyOn(fs, 'fdatasync').mockImplementation(((fd: number, cb: (err: NodeJS.ErrnoException | null) => void) => {
      held.push(() => real(fd, cb));
    }) as typeof fs.fdatasync);
    let resolved = false;
    const appended = store.append([next()]).then((seqs) => {
      resolved = true;
      return seqs;
    });
    await vi.waitFor(() => expect(held).toHaveLength(1));
    // The file descriptor synced is the WAL's.
    expect(fs.readlinkSync(`/proc/self/fd/${spy.mock.calls[0]![0]}`)).toBe(`${file}-wal`);
    expect((await store.history('d1')).length).toBe(2);
    await new Promise((r) => setTimeout(r, 50));
    expect(resolved).toBe(false);
    held[0]!();
    expect(await appended).toHaveLength(1);
    // The server's connection keeps synchronous=FULL for every other write; auto-checkpoints are the worker's.
    expect(db.sqlite!.pragma('synchronous', { simple: true })).toBe(2);
    expect(db.sqlite!.pragma('wal_autocheckpoint', { simple: true })).toBe(0);
  });

  it('fails the group when the WAL cannot be synced', async () => {
    const { store } = await fileStore();
    const next = typist('d1', 'alice');
    await store.append([next()]);
    vi.spyOn(fs, 'fdatasync').mockImplementation(((_fd: number, cb: (err: NodeJS.ErrnoException | null) => void) => {
      cb(Object.assign(new Error('EIO: i/o error, fdatasync'), { code: 'EIO' }));
    }) as typeof fs.fdatasync);
    await expect(store.append([next()])).rejects.toThrow(/EIO/);
  });

  it('keeps the WAL bounded: the worker copies it into the database every so many groups', async () => {
    // The log starts over once past 1 MB here (32 MB by default).
    process.env.HEGAO_WAL_RESTART_MB = '1';
    const { db, file, store, reader } = await fileStore();
    delete process.env.HEGAO_WAL_RESTART_MB;
    reader.close();
    const next = typist('d1', 'alice');
    await store.append([next()]);
    // The worker is up (from source it boots through tsx, which takes a while).
    await walCheckpointOnWorker(db);
    const GROUPS = 1000;
    for (let i = 0; i < GROUPS; i++) await store.append([next()]);
    // Every group writes about five pages (update, its index, the chain record, 最后编辑): without
    // checkpoints the WAL would hold all of them (some 20 MB), with them about 200 groups' worth.
    const pageBytes = 4096;
    expect(statSync(`${file}-wal`).size).toBeLessThan(GROUPS * 2 * pageBytes);
    expect((await store.history('d1')).length).toBe(GROUPS + 1);
  });
});
