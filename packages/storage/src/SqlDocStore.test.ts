import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { ClientIdConflictError, MemoryDocStore, loadDocumentOffThread, silentLogger, stopLoadWorker, type AppendEntry, type DocStore, type PagedUpdate } from '@hegao/collab';
import { readPages, type SqliteLogRange } from './logPages.js';
import { openPostgres } from './postgres.js';
import type { Db } from './db.js';
import { openSqlite } from './sqlite.js';
import { SqlDocStore } from './SqlDocStore.js';
import { newPgDatabase } from './test/dialects.js';

const author = (userId: string) => ({ userId, bureauId: 'b1', connectionId: `c-${userId}` });

function edit(doc: Y.Doc, text: string): Uint8Array {
  let captured: Uint8Array | null = null;
  const handler = (u: Uint8Array) => (captured = u);
  doc.on('update', handler);
  doc.getXmlFragment('prosemirror').insert(0, [new Y.XmlText(text)]);
  doc.off('update', handler);
  if (!captured) throw new Error('no update');
  return captured;
}

function entry(docName: string, update: Uint8Array, userId: string, bindClients: number[]): AppendEntry {
  return { docName, update, author: author(userId), createdAt: Date.now(), bindClients };
}

const dirs: string[] = [];
const dbs: Db[] = [];
afterEach(async () => {
  for (const db of dbs.splice(0)) await db.close();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

async function sqlStore(): Promise<{ store: SqlDocStore; file: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'hegao-store-'));
  dirs.push(dir);
  const file = join(dir, 'hegao.db');
  const db = await openSqlite(file);
  dbs.push(db);
  return { store: new SqlDocStore(db), file };
}

/** A store on a new PostgreSQL database, and how to open that database again. */
async function pgStore(): Promise<{ store: SqlDocStore; reopen: () => Promise<SqlDocStore> }> {
  const url = await newPgDatabase();
  const open = async () => {
    const db = await openPostgres(url);
    dbs.push(db);
    return new SqlDocStore(db);
  };
  return { store: await open(), reopen: open };
}

/** A SQL store and a second store on the same database (as after a restart, or on another server). */
const sqlImplementations: Array<[string, () => Promise<{ store: SqlDocStore; reopen: () => Promise<SqlDocStore> }>]> = [
  [
    'SQLite file',
    async () => {
      const { store, file } = await sqlStore();
      return {
        store,
        reopen: async () => {
          const db = await openSqlite(file);
          dbs.push(db);
          return new SqlDocStore(db);
        },
      };
    },
  ],
  ['PostgreSQL', pgStore],
];

const implementations: Array<[string, () => Promise<DocStore>]> = [
  ['MemoryDocStore', async () => new MemoryDocStore()],
  ...sqlImplementations.map(([name, make]): [string, () => Promise<DocStore>] => [`SqlDocStore (${name})`, async () => (await make()).store]),
];

describe.each(implementations)('%s', (_name, make) => {
  it('appends with authors and loads the same document', async () => {
    const store = await make();
    const doc = new Y.Doc();
    const u1 = edit(doc, '第一段');
    const u2 = edit(doc, '第二段');
    const seqs = await store.append([entry('d1', u1, 'alice', [doc.clientID]), entry('d1', u2, 'alice', [])]);
    expect(seqs).toHaveLength(2);
    expect(seqs[1]).toBeGreaterThan(seqs[0]!);
    const loaded = await store.load('d1');
    expect(loaded.updates).toHaveLength(2);
    expect(loaded.lastSeq).toBe(seqs[1]);
    expect(loaded.bindings.get(doc.clientID)).toBe('alice');
    const copy = new Y.Doc();
    for (const u of loaded.updates) Y.applyUpdate(copy, u);
    expect(copy.getXmlFragment('prosemirror').toString()).toBe(doc.getXmlFragment('prosemirror').toString());
    const history = await store.history('d1');
    expect(history.map((h) => [h.userId, h.connectionId])).toEqual([
      ['alice', 'c-alice'],
      ['alice', 'c-alice'],
    ]);
    expect((await store.load('other')).updates).toHaveLength(0);
  });

  it('refuses binding a clientID owned by another user and stores nothing of that batch', async () => {
    const store = await make();
    const doc = new Y.Doc();
    await store.append([entry('d1', edit(doc, 'a'), 'alice', [doc.clientID])]);
    await expect(store.append([entry('d1', edit(doc, 'b'), 'mallory', [doc.clientID])])).rejects.toBeInstanceOf(ClientIdConflictError);
    expect((await store.load('d1')).updates).toHaveLength(1);
  });

  it('loads from the newest checkpoint plus later updates, keeping the full history', async () => {
    const store = await make();
    const doc = new Y.Doc();
    const seqs: number[] = [];
    for (let i = 0; i < 5; i++) seqs.push(...(await store.append([entry('d1', edit(doc, `段${i}`), 'alice', i === 0 ? [doc.clientID] : [])])));
    await store.checkpoint('d1', Y.encodeStateAsUpdate(doc), seqs[2]!);
    const loaded = await store.load('d1');
    expect(loaded.checkpointSeq).toBe(seqs[2]);
    expect(loaded.updates).toHaveLength(2);
    const copy = new Y.Doc();
    Y.applyUpdate(copy, loaded.checkpoint!);
    for (const u of loaded.updates) Y.applyUpdate(copy, u);
    expect(copy.getXmlFragment('prosemirror').toString()).toBe(doc.getXmlFragment('prosemirror').toString());
    expect(await store.history('d1')).toHaveLength(5);
  });

  it('hands the updates over in pages of the size asked, after the checkpoint and up to the last seq of the call', async () => {
    const store = await make();
    const doc = new Y.Doc();
    const seqs: number[] = [];
    for (let i = 0; i < 12; i++) seqs.push(...(await store.append([entry('d1', edit(doc, `段${i}`), 'alice', i === 0 ? [doc.clientID] : [])])));
    await store.append([entry('other', edit(new Y.Doc(), '别的'), 'bob', [])]);
    await store.checkpoint('d1', Uint8Array.of(0, 0), seqs[1]!);
    const paged = await store.loadPages('d1', 4);
    expect(paged).toMatchObject({ checkpointSeq: seqs[1], lastSeq: seqs[11] });
    expect(paged.bindings.get(doc.clientID)).toBe('alice');
    const late = await store.append([entry('d1', edit(doc, '之后'), 'alice', [])]);
    const pages: number[][] = [];
    for await (const page of paged.pages) pages.push(page.map((u) => u.seq));
    expect(pages).toEqual([seqs.slice(2, 6), seqs.slice(6, 10), seqs.slice(10, 12)]);
    // load() reads the same pages whole; history is the whole log.
    expect((await store.load('d1')).updates).toHaveLength(11);
    expect((await store.history('d1')).map((h) => h.seq)).toEqual([...seqs, ...late]);
    const empty = await store.loadPages('never-written');
    expect(empty).toMatchObject({ checkpoint: null, checkpointSeq: 0, lastSeq: 0 });
    const emptyPages: unknown[] = [];
    for await (const page of empty.pages) emptyPages.push(page);
    expect(emptyPages).toEqual([]);
  });
});

describe.each(sqlImplementations)('SqlDocStore (%s)', (_name, make) => {
  it('group-commits concurrent appends and they survive reopening the database', async () => {
    const { store, reopen } = await make();
    const docs = Array.from({ length: 20 }, () => new Y.Doc());
    const seqs = await Promise.all(docs.map((d, i) => store.append([entry(`doc${i % 4}`, edit(d, `文字${i}`), `u${i}`, [d.clientID])])));
    expect(new Set(seqs.flat()).size).toBe(20);
    const reopened = await reopen();
    const loaded = await reopened.load('doc1');
    expect(loaded.updates).toHaveLength(5);
    expect(loaded.bindings.size).toBe(5);
  });

  it('refuses only the conflicting append of a group commit; the rest of the batch is stored', async () => {
    const { store } = await make();
    const owned = new Y.Doc();
    await store.append([entry('d1', edit(owned, 'a'), 'alice', [owned.clientID])]);
    const other = new Y.Doc();
    const third = new Y.Doc();
    // Issued in one tick: one transaction.
    const results = await Promise.allSettled([
      store.append([entry('d2', edit(other, '别的文档'), 'bob', [other.clientID])]),
      store.append([entry('d1', edit(owned, 'b'), 'mallory', [owned.clientID])]),
      store.append([entry('d1', edit(third, '同一文档'), 'carol', [third.clientID])]),
      // One append that binds a client to two users is refused whole.
      store.append([entry('d3', edit(third, 'x'), 'carol', [third.clientID]), entry('d3', edit(third, 'y'), 'dave', [third.clientID])]),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled', 'rejected']);
    expect((results[1] as PromiseRejectedResult).reason).toBeInstanceOf(ClientIdConflictError);
    expect((await store.load('d2')).updates).toHaveLength(1);
    const d1 = await store.load('d1');
    expect(d1.updates).toHaveLength(2);
    expect(d1.bindings.get(owned.clientID)).toBe('alice');
    expect(d1.bindings.get(third.clientID)).toBe('carol');
    expect((await store.load('d3')).updates).toHaveLength(0);
  });
});

describe('a long log read by the load worker on its own connection', () => {
  afterAll(() => stopLoadWorker());

  /** Two documents typed into at once, one keystroke per update, so their seqs interleave. */
  async function typedLog(store: SqlDocStore, count: number): Promise<string> {
    const docs = ['long', 'other'].map((name) => {
      const doc = new Y.Doc({ gc: false });
      const text = new Y.XmlText();
      doc.getXmlFragment('prosemirror').insert(0, [text]);
      return { name, doc, text, pending: [Y.encodeStateAsUpdate(doc)] };
    });
    for (const d of docs) d.doc.on('update', (u: Uint8Array) => d.pending.push(u));
    for (let i = 0; i < count; i++) {
      for (const d of docs) d.text.insert(i % 7 === 6 ? Math.floor(d.text.length / 2) : d.text.length, String.fromCharCode(0x4e00 + (i % 300)));
      if (i % 500 === 499 || i === count - 1) {
        await store.append(docs.flatMap((d) => d.pending.splice(0).map((u) => entry(d.name, u, 'alice', []))));
      }
    }
    return docs[0]!.doc.getXmlFragment('prosemirror').toString();
  }

  it('loads the same document as the main thread would, reading only the first page there', async () => {
    const { store } = await sqlStore();
    const expected = await typedLog(store, 6000);
    const paged = await store.loadPages('long', 1000);
    expect(paged.workerReader).toBeDefined();
    const inner = paged.pages;
    let mainPages = 0;
    async function* counted(): AsyncGenerator<PagedUpdate[]> {
      for await (const page of inner) {
        mainPages++;
        yield page;
      }
    }
    const doc = new Y.Doc({ gc: false });
    const counts = await loadDocumentOffThread(doc, { ...paged, pages: counted() }, { docName: 'long', logger: silentLogger });
    expect(counts).toMatchObject({ inWorker: true, updates: 6001, skipped: 0 });
    // Read ahead on the main thread until the load is known to be long; the worker read the rest.
    expect(mainPages).toBe(2);
    expect(doc.getXmlFragment('prosemirror').toString()).toBe(expected);
  });

  it('loads a PostgreSQL log in the worker from pages read on the main thread', async () => {
    const { store } = await pgStore();
    const expected = await typedLog(store, 1200);
    const paged = await store.loadPages('long', 500);
    expect(paged.workerReader).toBeUndefined();
    const doc = new Y.Doc({ gc: false });
    const counts = await loadDocumentOffThread(doc, paged, { docName: 'long', logger: silentLogger });
    expect(counts).toMatchObject({ inWorker: true, updates: 1201, skipped: 0 });
    expect(doc.getXmlFragment('prosemirror').toString()).toBe(expected);
  });

  it('readPages reads one document after a seq and up to lastSeq, in pages', async () => {
    const { store, file } = await sqlStore();
    await typedLog(store, 1200);
    const all = (await store.load('long')).updates;
    const head = await store.loadPages('long');
    const range = head.workerReader!.args as SqliteLogRange;
    expect(range).toMatchObject({ file, docName: 'long', afterSeq: 0 });
    const pages = [...readPages({ ...range, pageSize: 500 })];
    expect(pages.map((p) => p.length)).toEqual([500, 500, 201]);
    expect(pages.flat().map((r) => Buffer.from(r.update).toString('base64'))).toEqual(all.map((u) => Buffer.from(u).toString('base64')));
    const after = pages[0]![499]!.seq;
    expect([...readPages({ ...range, pageSize: 500 }, after)].flat()).toHaveLength(701);
    expect([...readPages({ ...range, lastSeq: after })].flat()).toHaveLength(500);
  });
});
