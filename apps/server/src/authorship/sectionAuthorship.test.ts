import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { SqlDocStore, openSqlite, type Db } from '@hegao/storage';
import { indexOf } from './sectionAuthorship.js';

const dbs: Db[] = [];
afterEach(async () => {
  for (const db of dbs.splice(0)) await db.close();
});

describe('indexOf', () => {
  it('two requests at once build one index: no update is added twice, and both see all of them', async () => {
    const db = await openSqlite(':memory:');
    dbs.push(db);
    const store = new SqlDocStore(db);
    const doc = new Y.Doc();
    const updates: Uint8Array[] = [];
    doc.on('update', (u: Uint8Array) => updates.push(u));
    for (let i = 0; i < 300; i++) doc.getText('t').insert(i, '字');
    const author = { userId: 'u1', bureauId: null, connectionId: 'c' };
    await store.append(updates.map((update) => ({ docName: 'd', update, author, createdAt: 1, bindClients: [] })));
    const [a, b] = await Promise.all([indexOf(db, 'd'), indexOf(db, 'd')]);
    expect(a).toBe(b);
    expect(a.size).toBe(300);
    // Later updates extend the same index.
    const before = updates.length;
    doc.getText('t').insert(0, '新');
    await store.append(updates.slice(before).map((update) => ({ docName: 'd', update, author: { ...author, userId: 'u2' }, createdAt: 2, bindClients: [] })));
    const c = await indexOf(db, 'd');
    expect(c.size).toBe(301);
    expect(c.find(doc.clientID, 300)?.record.userId).toBe('u2');
  });
});
