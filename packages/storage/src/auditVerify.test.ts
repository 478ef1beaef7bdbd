import { sql, type Kysely } from 'kysely';
import { createHash } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AppendEntry } from '@hegao/collab';
import { GENESIS_HASH, decodeRuns, encodeRuns, feedEvent, recordHash } from './audit.js';
import { verifyAuditChain } from './auditVerify.js';
import { migrate } from './migrations.js';
import { createComment } from './repos/comments.js';
import { recordEvent } from './repos/events.js';
import { createUser, setPasswordHash, setUserDisabled } from './repos/organisation.js';
import { createReport } from './repos/reports.js';
import { getVersion, lockVersion, recordMerge, undoMerge } from './repos/versions.js';
import type { Database } from './schema.js';
import type { Db } from './db.js';
import { SqlDocStore } from './SqlDocStore.js';
import { dialects } from './test/dialects.js';

const sha = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex');
const entry = (docName: string, bytes: number[], userId = 'u1'): AppendEntry => ({
  docName,
  update: new Uint8Array(bytes),
  author: { userId, bureauId: 'b1', connectionId: `c-${userId}` },
  createdAt: Date.now(),
  bindClients: [],
});

describe.each(dialects)('$name', ({ name, open, unmigrated }) => {
  let db: Db;
  let userId: string;
  let reportId: string;

  /** A little of everything: account changes, events, two group commits of updates, a comment, a locked version. */
  async function populate(): Promise<void> {
    userId = (await createUser(db, { username: 'bgs', name: '办公室', role: 'secretary', bureauId: null, passwordHash: 'x' })).id;
    await setPasswordHash(db, userId, 'y');
    await setUserDisabled(db, userId, false);
    reportId = (await createReport(db, { title: '报告', period: '2020年', kind: 'custom', dueDate: null, createdBy: userId })).id;
    await recordEvent(db, { reportId, actorId: userId, type: 'report.create', detail: {} });
    const store = new SqlDocStore(db);
    // Appended in the same tick: one group commit, one chain record for the three.
    await Promise.all([store.append([entry('d1', [1, 2, 3]), entry('d1', [4])]), store.append([entry('d2', [5, 6])])]);
    await store.append([entry('d1', [7])]);
    await createComment(db, { reportId, docName: 'd1', sectionId: null, parentId: null, body: '请核实数据', authorId: userId });
    await recordMerge(db, { reportId, finalDocName: 'final', from: 'drafting', to: 'merging', mergedAt: 5, sources: [], event: { type: 'report.merge', actorId: userId, detail: { from: 'drafting', to: 'merging' } } });
    const content = '{"type":"doc"}';
    await lockVersion(db, { reportId, version: 1, sha256: sha(content), contentJson: content, state: new Uint8Array([0, 0]), lockedBy: userId, lockedAt: 10, event: { type: 'report.lock', detail: { from: 'merging', to: 'locked', version: 1, sha256: sha(content) } } });
  }

  const raw = (q: ReturnType<typeof sql>) => q.execute(db.kysely);
  /** Bytes as a query parameter (a blob or bytea in either dialect). */
  const bytes = (...b: number[]) => Buffer.from(b);

  beforeEach(async () => {
    db = await open();
  });
  afterEach(async () => {
    await db.close();
  });

  describe('audit chain', () => {
    it('encodes update seqs as runs', () => {
      expect(encodeRuns([9, 5, 6, 7, 12])).toBe('5-7,9,12');
      expect(decodeRuns('5-7,9,12')).toEqual([
        [5, 7],
        [9, 9],
        [12, 12],
      ]);
      expect(decodeRuns('7-5')).toBeNull();
      expect(decodeRuns('x')).toBeNull();
    });

    it('verifies an empty database', async () => {
      expect(await verifyAuditChain(db)).toMatchObject({ ok: true, records: 0, head: { seq: 0, hash: GENESIS_HASH }, failure: null });
    });

    it('chains every event, each group commit of updates once, comments and versions, and verifies them', async () => {
      await populate();
      const result = await verifyAuditChain(db, { pageSize: 3 });
      expect(result.failure).toBeNull();
      expect(result.rows).toEqual({ events: 6, updates: 4, comments: 1, versions: 1 });
      const chain = await db.kysely.selectFrom('audit_chain').selectAll().orderBy('seq').execute();
      expect(result).toMatchObject({ ok: true, records: chain.length, head: { seq: chain.length, hash: chain.at(-1)!.hash } });
      expect(chain.filter((r) => r.kind === 'updates').map((r) => r.ref)).toEqual(['1-3', '4']);
      // Linked: each record names its predecessor's hash.
      chain.forEach((r, i) => expect(r.prev_hash).toBe(i === 0 ? GENESIS_HASH : chain[i - 1]!.hash));
      // The version keeps the head at lock time: the record just before its own.
      const version = chain.find((r) => r.kind === 'version')!;
      expect(await getVersion(db, reportId, 1)).toMatchObject({ chainSeq: Number(version.seq) - 1, chainHead: version.prev_hash });
    });

    it('names an altered update row', async () => {
      await populate();
      await raw(sql`UPDATE doc_updates SET data = ${bytes(9, 9)} WHERE seq = 2`);
      expect((await verifyAuditChain(db)).failure).toMatchObject({ problem: 'altered', table: 'doc_updates', ref: '1-3' });
      // A changed author too, in a batch of one.
      await raw(sql`UPDATE doc_updates SET data = ${bytes(4)} WHERE seq = 2`);
      await raw(sql`UPDATE doc_updates SET user_id = 'mallory' WHERE seq = 4`);
      const result = await verifyAuditChain(db);
      expect(result.failure).toMatchObject({ problem: 'altered', table: 'doc_updates', ref: '4' });
      expect(result.failure!.position).toBe(result.records + 1);
    });

    it('names a deleted event', async () => {
      await populate();
      const report = await db.kysely.selectFrom('events').select('id').where('type', '=', 'report.create').executeTakeFirstOrThrow();
      await raw(sql`DELETE FROM events WHERE id = ${report.id}`);
      expect((await verifyAuditChain(db)).failure).toMatchObject({ problem: 'removed', table: 'events', ref: String(report.id) });
    });

    it('names an event or an update inserted by hand', async () => {
      await populate();
      await raw(sql`INSERT INTO events (report_id, actor_id, type, detail, created_at) VALUES (${reportId}, ${userId}, 'section.approve', '{}', 1)`);
      const inserted = Number((await db.kysely.selectFrom('events').select((eb) => eb.fn.max('id').as('id')).executeTakeFirstOrThrow()).id);
      expect((await verifyAuditChain(db)).failure).toMatchObject({ problem: 'inserted', position: null, table: 'events', ref: String(inserted) });
      await raw(sql`DELETE FROM events WHERE id = ${inserted}`);
      expect((await verifyAuditChain(db)).ok).toBe(true);
      await raw(sql`INSERT INTO doc_updates (doc_name, data, user_id, bureau_id, connection_id, created_at) VALUES ('d1', ${bytes(0)}, 'u1', NULL, 'c', 1)`);
      expect((await verifyAuditChain(db)).failure).toMatchObject({ problem: 'inserted', table: 'doc_updates', ref: '5' });
    });

    it('names a chain record deleted, changed, or rewritten to follow another', async () => {
      await populate();
      await raw(sql`UPDATE audit_chain SET created_at = created_at + 1 WHERE seq = 2`);
      expect((await verifyAuditChain(db)).failure).toMatchObject({ problem: 'altered', position: 2, table: 'events' });
      await raw(sql`UPDATE audit_chain SET created_at = created_at - 1 WHERE seq = 2`);
      // Record 4 rewritten (with a valid hash of its own) to follow something that is not record 3.
      const rec = await db.kysely.selectFrom('audit_chain').selectAll().where('seq', '=', 4).executeTakeFirstOrThrow();
      const event = await db.kysely.selectFrom('events').selectAll().where('id', '=', Number(rec.ref)).executeTakeFirstOrThrow();
      const forged = recordHash(4, 'event', rec.ref, 'f'.repeat(64), Number(rec.created_at), (h) => feedEvent(h, event));
      await raw(sql`UPDATE audit_chain SET prev_hash = ${'f'.repeat(64)}, hash = ${forged} WHERE seq = 4`);
      expect((await verifyAuditChain(db)).failure).toMatchObject({ problem: 'inserted', position: 4, table: 'events', ref: rec.ref });
      await raw(sql`DELETE FROM audit_chain WHERE seq = 3`);
      expect((await verifyAuditChain(db)).failure).toMatchObject({ problem: 'removed', position: 3, table: 'audit_chain', ref: '3' });
    });

    it('names a comment whose text was changed', async () => {
      await populate();
      await raw(sql`UPDATE comments SET body = '数据无误'`);
      expect((await verifyAuditChain(db)).failure).toMatchObject({ problem: 'altered', table: 'comments' });
    });

    it('names a locked version whose text (or text and SHA-256) was changed', async () => {
      await populate();
      // The immutability triggers stop the application; someone editing the file drops them first.
      await raw(name === 'sqlite' ? sql`DROP TRIGGER report_versions_no_update` : sql`DROP TRIGGER report_versions_no_update ON report_versions`);
      await raw(sql`UPDATE report_versions SET content_json = '{"type":"doc","content":[]}'`);
      expect((await verifyAuditChain(db)).failure).toMatchObject({ problem: 'altered', table: 'report_versions', ref: `${reportId}/1` });
      await raw(sql`UPDATE report_versions SET sha256 = ${sha('{"type":"doc","content":[]}')}`);
      const failure = (await verifyAuditChain(db)).failure!;
      expect(failure).toMatchObject({ problem: 'altered', table: 'report_versions', ref: `${reportId}/1` });
      expect(failure.detail).toContain('does not match chain record');
    });

    it('leaves out undone merges from the history but keeps their rows in the chain', async () => {
      await populate();
      const eventId = (await recordMerge(db, { reportId, finalDocName: 'final', from: 'locked', to: 'merging', mergedAt: 20, sources: [], event: { type: 'report.merge', actorId: userId, detail: { from: 'locked', to: 'merging' } } }))!;
      expect(await undoMerge(db, { reportId, from: 'locked', to: 'merging', mergedAt: 20, previous: { finalDocName: 'final', mergedAt: 5 }, sources: [], eventId })).toBe(true);
      expect((await verifyAuditChain(db)).ok).toBe(true);
    });

    it('chains what a database stored before the chain existed (genesis), then goes on', async () => {
      const k: Kysely<Database> = await unmigrated();
      await migrate(k as Kysely<unknown>, name, '0004_locked_versions_guard');
      await k.insertInto('bureaus').values({ id: 'b1', name: '办公室', is_office: 1, color: '#000', created_at: 1 }).execute();
      await k.insertInto('users').values({ id: 'u1', username: 'bgs', name: '办公室', role: 'office', bureau_id: 'b1', password_hash: 'x', disabled: 0, created_at: 1 }).execute();
      await k.insertInto('reports').values({ id: 'r1', title: '报告', period: '2020年', kind: 'custom', due_date: null, status: 'locked', version: 0, created_by: null, created_at: 1, updated_at: 1 }).execute();
      for (let i = 0; i < 3; i++) await k.insertInto('events').values({ report_id: 'r1', section_id: null, actor_id: null, type: 'report.create', detail: '{}', created_at: i }).execute();
      const updates = Array.from({ length: 1200 }, (_, i) => ({ doc_name: 'd1', data: bytes(1, i % 256), user_id: 'u1', bureau_id: null, connection_id: 'c', created_at: i }));
      for (let i = 0; i < updates.length; i += 200) await k.insertInto('doc_updates').values(updates.slice(i, i + 200)).execute();
      await k.insertInto('comments').values({ id: 'c1', report_id: 'r1', doc_name: 'd1', section_id: null, parent_id: null, anchor_from: null, anchor_to: null, quote: '', body: '批注', author_id: 'u1', created_at: 1, resolved_by: null, resolved_at: null }).execute();
      await k.insertInto('report_versions').values({ report_id: 'r1', version: 1, sha256: sha('{}'), content_json: '{}', state: bytes(0), locked_by: 'u1', locked_at: 1, unlocked_by: null, unlocked_at: null, unlock_reason: null }).execute();
      await migrate(k as Kysely<unknown>, name);
      const old: Db = { kysely: k, dialect: name, close: () => k.destroy() };
      const result = await verifyAuditChain(old);
      expect(result).toMatchObject({ ok: true, records: 3 + 3 + 1 + 1, rows: { events: 3, updates: 1200, comments: 1, versions: 1 } });
      await recordEvent(old, { reportId: 'r1', actorId: 'u1', type: 'report.unlock', detail: { from: 'locked', to: 'merging', version: 1, reason: '补充' } });
      expect(await verifyAuditChain(old)).toMatchObject({ ok: true, records: 9 });
      expect(await getVersion(old, 'r1', 1)).toMatchObject({ chainHead: null, chainSeq: null });
      await old.close();
    });
  });
});
