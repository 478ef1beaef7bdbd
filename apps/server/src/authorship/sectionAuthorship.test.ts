import { AUTHORSHIP } from '@hegao/contract';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { SqlDocStore, openSqlite, type Db } from '@hegao/storage';
import { identityOf } from '../collab/identity.js';
import { workspace, type Workspace } from '../test/workspace.js';
import { indexOf, sectionAuthorship } from './sectionAuthorship.js';

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

describe('sectionAuthorship', () => {
  let ws: Workspace;
  beforeEach(async () => {
    ws = await workspace();
  });
  afterEach(async () => {
    await ws.close();
  });

  it('answers the contract’s Authorship: every character its writer, and with deleted=1 who deleted what', async () => {
    const { epidemic } = ws.sections;
    // The office replaces 疫苗 (characters 6–8 of the first line) by 新冠疫苗 inside the paragraph.
    await ws.ctx.collab.change(epidemic.docName, await identityOf(ws.db, ws.users.bgs), (doc) => {
      const text = (doc.getXmlFragment('prosemirror').get(0) as Y.XmlElement).get(0) as Y.XmlText;
      text.delete(6, 2);
      text.insert(6, '新冠疫苗');
    });
    const now = await sectionAuthorship(ws.ctx, ws.users.wjj, epidemic.id);
    // The answer is exactly the contract's shape (what the web parses); without deleted=1 no list.
    expect(AUTHORSHIP.parse(now)).toEqual(now);
    expect(now).not.toHaveProperty('deleted');
    expect(now.text).toBe('全区累计接种新冠疫苗X万剂次。\n核酸检测能力提升到每日X万份。');
    const who = (i: number) => now.spans.find((s) => s.start <= i && i < s.end)!.user.username;
    expect([who(0), who(6), who(10), who(now.text.length - 1)]).toEqual(['wjj', 'bgs', 'wjj', 'wjj']);
    expect(now.spans.find((s) => s.user.username === 'bgs')!.bureau).toEqual({ id: ws.users.bgs.bureauId, name: '办公室' });

    const withDeleted = await sectionAuthorship(ws.ctx, ws.users.wjj, epidemic.id, undefined, { deleted: true });
    expect(AUTHORSHIP.parse(withDeleted)).toEqual(withDeleted);
    expect(withDeleted.deleted).toEqual([
      expect.objectContaining({ offset: 6, text: '疫苗', user: expect.objectContaining({ username: 'wjj' }), deletedBy: expect.objectContaining({ user: expect.objectContaining({ username: 'bgs' }) }) }),
    ]);
  });
});
