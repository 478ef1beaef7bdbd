import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { ClientIdConflictError, type AppendEntry } from '@hegao/collab';
import { verifyAuditChain } from './auditVerify.js';
import { createBureau, createUser } from './repos/organisation.js';
import { createReport, createSection, getSection } from './repos/reports.js';
import { openSqlite, type Db } from './sqlite.js';
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
});
