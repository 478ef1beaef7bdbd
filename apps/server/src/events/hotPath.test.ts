/**
 * The keystroke path of the server as wired in server.ts — CollabServer, the real SqlDocStore on
 * a SQLite file, the section access resolver and the edit recorder — costs one commit per group of
 * keystrokes, made on the store's append connection: the server's own connection writes nothing per
 * keystroke (no autocommit of 最后编辑), and the section's last editor is stored with the text.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as encoding from 'lib0/encoding';
import { afterEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { CollabServer, MESSAGE_SYNC, silentLogger, type Connection, type StoredEvent } from '@hegao/collab';
import { sectionContentRules } from '@hegao/schema';
import { SqlDocStore, countSqlite, createBureau, createReport, createSection, createUser, getSection, openSqlite, type Db } from '@hegao/storage';
import { sectionAccess } from '../collab/access.js';
import { identityOf } from '../collab/identity.js';
import { editRecorder } from './editRecorder.js';
import { ReportEvents, type ReportEvent } from './ReportEvents.js';

const SYNC_UPDATE = 2;

let cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const fn of cleanup.reverse()) await fn();
  cleanup = [];
});

function updateFrame(update: Uint8Array): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, MESSAGE_SYNC);
  encoding.writeVarUint(e, SYNC_UPDATE);
  encoding.writeVarUint8Array(e, update);
  return encoding.toUint8Array(e);
}

/** An editor's page: a Y.Doc whose keystrokes go to the server as sync updates. */
function editor(collab: CollabServer, conn: Connection) {
  const doc = new Y.Doc();
  const paragraph = new Y.XmlElement('paragraph');
  const text = new Y.XmlText();
  doc.on('update', (u: Uint8Array) => collab.receive(conn, updateFrame(u)));
  doc.transact(() => {
    doc.getXmlFragment('prosemirror').insert(0, [paragraph]);
    paragraph.insert(0, [text]);
  });
  return (s: string) => text.insert(text.length, s);
}

describe('the keystroke path through the server', () => {
  it('stores keystrokes of several sections in grouped commits, with their 最后编辑, and writes nothing else per keystroke', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hegao-hot-'));
    const file = join(dir, 'hegao.db');
    const db: Db = await openSqlite(file);
    // A second connection, reading what is in the file.
    const reader = await openSqlite(file);
    const events = new ReportEvents();
    const stored: StoredEvent[] = [];
    const record = editRecorder(db, events, silentLogger, 60_000);
    const store = new SqlDocStore(db);
    const collab = new CollabServer({
      store,
      resolveAccess: sectionAccess(db),
      logger: silentLogger,
      contentRules: sectionContentRules,
      onStored: (e) => {
        stored.push(...e);
        record(e);
      },
    });
    cleanup.push(async () => {
      await collab.close();
      await reader.close();
      await db.close();
      rmSync(dir, { recursive: true, force: true });
    });

    const bureau = await createBureau(db, { name: '发改局', color: '#2980b9' });
    const report = await createReport(db, { title: '示例区2020年上半年工作总结', period: '2020年上半年', kind: 'half_year', dueDate: null, createdBy: null });
    const SECTIONS = 4;
    const writers = [];
    for (let i = 0; i < SECTIONS; i++) {
      const user = await createUser(db, { username: `u${i}`, name: `编辑${i}`, role: 'editor', bureauId: bureau.id, passwordHash: 'x' });
      const section = await createSection(db, { reportId: report.id, parentId: null, position: i, title: `第${i}节`, status: 'drafting', bureauIds: [bureau.id], numbered: true });
      const conn = collab.connect({ send() {}, close() {} }, await identityOf(db, user), section.docName);
      await conn.chain;
      writers.push({ user, section, type: editor(collab, conn) });
    }
    const announced: ReportEvent[] = [];
    events.subscribe(report.id, (e) => announced.push(e));
    // Warm-up: the paragraph of every section is stored; rooms, access and announcements are cached.
    await vi.waitFor(() => expect(stored).toHaveLength(SECTIONS), { timeout: 20_000 });
    await vi.waitFor(() => expect(announced).toHaveLength(SECTIONS));

    const main = countSqlite(db.sqlite!);
    const chainRecords = async () => (await reader.kysely.selectFrom('audit_chain').select('seq').where('kind', '=', 'updates').execute()).length;
    const commitsBefore = await chainRecords();
    const KEYS = 25;
    for (let k = 0; k < KEYS; k++) {
      // Every section's editor types a character in the same moment.
      for (const w of writers) w.type('字');
      if (k % 5 === 4) await new Promise((r) => setTimeout(r, 5));
    }
    await vi.waitFor(() => expect(stored).toHaveLength(SECTIONS * (KEYS + 1)), { timeout: 10_000 });
    const commits = (await chainRecords()) - commitsBefore;

    // The server's connection: no write, and no statement prepared (so no query built) per keystroke.
    expect(main.autocommitWrites).toEqual([]);
    expect(main.commits).toBe(0);
    expect(main.prepares).toEqual([]);
    // The append connection's commits, one audit chain record each: groups of keystrokes of all sections.
    expect(commits).toBeGreaterThan(0);
    expect(commits).toBeLessThanOrEqual((SECTIONS * KEYS) / 2);

    for (const w of writers) {
      const mine = stored.filter((e) => e.docName === w.section.docName);
      const last = mine.at(-1)!;
      expect(await getSection(db, w.section.id)).toMatchObject({ lastEditUserId: w.user.id, lastEditAt: last.createdAt });
      expect((await store.history(w.section.docName)).map((u) => u.seq)).toEqual(mine.map((e) => e.seq));
      const doc = new Y.Doc();
      for (const u of (await store.load(w.section.docName)).updates) Y.applyUpdate(doc, u);
      expect(doc.getXmlFragment('prosemirror').toString()).toBe(`<paragraph>${'字'.repeat(KEYS)}</paragraph>`);
    }
  });
});
