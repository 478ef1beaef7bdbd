// Writers that overlap: REST transactions beside the group commit, and (PostgreSQL) several
// servers on one database.
import { afterEach, describe, expect, it } from 'vitest';
import type { AppendEntry } from '@hegao/collab';
import { verifyAuditChain } from './auditVerify.js';
import { openPostgres } from './postgres.js';
import { recordEvent } from './repos/events.js';
import { createUser } from './repos/organisation.js';
import { inTransaction } from './repos/outline.js';
import { createReport, createSection, getSection, updateSectionStatus } from './repos/reports.js';
import type { Db } from './db.js';
import { SqlDocStore } from './SqlDocStore.js';
import { dialects, newPgDatabase } from './test/dialects.js';

const dbs: Db[] = [];
afterEach(async () => {
  for (const db of dbs.splice(0)) await db.close();
});

const entry = (docName: string, userId: string, byte: number): AppendEntry => ({
  docName,
  update: new Uint8Array([byte]),
  author: { userId, bureauId: null, connectionId: `c-${userId}` },
  createdAt: Date.now(),
  bindClients: [],
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe.each(dialects)('$name', ({ open }) => {
  it('a keystroke commit beside a transaction that moves its section, then records the event, both go through', async () => {
    const db = await open();
    dbs.push(db);
    const userId = (await createUser(db, { username: 'wjj', name: '张卫民', role: 'editor', bureauId: null, passwordHash: 'x' })).id;
    const reportId = (await createReport(db, { title: '报告', period: '2020年', kind: 'custom', dueDate: null, createdBy: userId })).id;
    const section = await createSection(db, { reportId, parentId: null, position: 0, title: '疫情防控', status: 'drafting' });
    const store = new SqlDocStore(db);
    let moved!: () => void;
    const sectionLocked = new Promise<void>((resolve) => (moved = resolve));
    const submit = inTransaction(db, async (tx) => {
      expect(await updateSectionStatus(tx, { id: section.id, from: 'drafting', to: 'submitted', returnReason: null })).toBe(true);
      moved();
      // Meanwhile the group commit runs as far as it can.
      await sleep(150);
      await recordEvent(tx, { reportId, sectionId: section.id, actorId: userId, type: 'section.submit', detail: { from: 'drafting', to: 'submitted' } });
    });
    await sectionLocked;
    const typed = store.append([entry(section.docName, userId, 1)]);
    await Promise.all([submit, typed]);
    expect(await getSection(db, section.id)).toMatchObject({ status: 'submitted', lastEditUserId: userId });
    expect((await verifyAuditChain(db)).ok).toBe(true);
  });
});

describe.each(dialects)('$name', ({ open }) => {
  it('a keystroke commit beside a transaction that records an event, then moves the section, both go through', async () => {
    const db = await open();
    dbs.push(db);
    const userId = (await createUser(db, { username: 'wjj', name: '张卫民', role: 'editor', bureauId: null, passwordHash: 'x' })).id;
    const reportId = (await createReport(db, { title: '报告', period: '2020年', kind: 'custom', dueDate: null, createdBy: userId })).id;
    const section = await createSection(db, { reportId, parentId: null, position: 0, title: '疫情防控', status: 'drafting' });
    const store = new SqlDocStore(db);
    let recorded!: () => void;
    const chainTaken = new Promise<void>((resolve) => (recorded = resolve));
    const command = inTransaction(db, async (tx) => {
      await recordEvent(tx, { reportId, sectionId: section.id, actorId: userId, type: 'section.submit', detail: { from: 'drafting', to: 'submitted' } });
      recorded();
      await sleep(150);
      expect(await updateSectionStatus(tx, { id: section.id, from: 'drafting', to: 'submitted', returnReason: null })).toBe(true);
    });
    await chainTaken;
    const typed = store.append([entry(section.docName, userId, 1)]);
    await Promise.all([command, typed]);
    expect(await getSection(db, section.id)).toMatchObject({ status: 'submitted', lastEditUserId: userId });
    expect((await verifyAuditChain(db)).ok).toBe(true);
  });
});

describe('several servers on one PostgreSQL database', () => {
  it('append to the log and the audit chain at the same time; the chain verifies, seqs and event ids follow commit order', async () => {
    const url = await newPgDatabase();
    const servers = await Promise.all([openPostgres(url), openPostgres(url), openPostgres(url)]);
    dbs.push(...servers);
    const stores = servers.map((db) => new SqlDocStore(db));
    const userId = (await createUser(servers[0]!, { username: 'wjj', name: '张卫民', role: 'editor', bureauId: null, passwordHash: 'x' })).id;
    const appended: number[][] = [];
    await Promise.all(
      stores.map(async (store, s) => {
        for (let i = 0; i < 20; i++) {
          appended.push(await store.append([entry(`doc${s}`, userId, i), entry('shared', userId, i)]));
          if (i % 2 === 0) await recordEvent(servers[s]!, { reportId: null, actorId: userId, type: 'section.submit', detail: { from: 'drafting', to: 'submitted' } });
        }
      }),
    );
    expect(new Set(appended.flat()).size).toBe(120);
    const result = await verifyAuditChain(servers[1]!);
    expect(result.failure).toBeNull();
    expect(result.rows.updates).toBe(120);
    // Seqs are handed out in commit order (under the chain's lock): the chain's update records,
    // in chain order, cover ascending seqs, so a reader that saw seq n never later finds one below n.
    const chain = await servers[2]!.kysely.selectFrom('audit_chain').select(['seq', 'ref']).where('kind', '=', 'updates').orderBy('seq').execute();
    const firsts = chain.map((r) => Number(r.ref.split(/[-,]/)[0]));
    expect(firsts).toEqual([...firsts].sort((a, b) => a - b));
    // Event ids too.
    const events = await servers[2]!.kysely.selectFrom('audit_chain').select('ref').where('kind', '=', 'event').orderBy('seq').execute();
    const ids = events.map((r) => Number(r.ref));
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
  });
});
