import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openSqlite, recordEvent, type AuditResult, type Db } from '@hegao/storage';
import { auditMessage, auditVerify } from './audit.js';

const rows = { events: 2, updates: 5, comments: 1, versions: 0 };
const head = { seq: 3, hash: 'ab'.repeat(32) };

describe('auditMessage', () => {
  it('says how many records were checked and that the chain is whole', () => {
    const ok: AuditResult = { ok: true, records: 3, rows, head, failure: null };
    expect(auditMessage(ok, 0.25)).toBe(
      `已校验 3 条记录（事件 2 条、文字更新 5 条、批注 1 条、定稿版本 0 个），链完整\n链头：第 3 条 ${head.hash}\n用时 0.25 秒`,
    );
  });

  it('names the first record altered, removed or inserted', () => {
    const failed = (failure: AuditResult['failure']): string => auditMessage({ ok: false, records: 2, rows, head, failure }, 0).split('\n')[0]!;
    expect(failed({ problem: 'altered', position: 3, table: 'events', ref: '123', detail: '' })).toBe('校验失败：第 3 条记录（events #123）被修改');
    expect(failed({ problem: 'removed', position: 3, table: 'doc_updates', ref: '7-9', detail: '' })).toBe('校验失败：第 3 条记录（doc_updates #7-9）被删除');
    expect(failed({ problem: 'inserted', position: 3, table: 'events', ref: '5', detail: '' })).toBe('校验失败：第 3 条记录（events #5）是插入的');
    expect(failed({ problem: 'inserted', position: null, table: 'events', ref: '124', detail: '' })).toBe('校验失败：记录（events #124）是插入的，不在记录链中');
  });
});

describe('auditVerify', () => {
  let db: Db;
  beforeEach(async () => {
    db = await openSqlite(':memory:');
  });
  afterEach(async () => {
    await db.close();
  });

  it('exits 0 on a whole chain and 1 naming the record otherwise; --json for programs', async () => {
    const id = await recordEvent(db, { reportId: null, actorId: null, type: 'report.create', detail: {} });
    expect(await auditVerify(db, false)).toMatchObject({ exitCode: 0, text: expect.stringMatching(/^已校验 1 条记录/) });
    await db.kysely.updateTable('events').set({ type: 'report.lock' }).where('id', '=', id).execute();
    const out = await auditVerify(db, true);
    expect(out.exitCode).toBe(1);
    expect(JSON.parse(out.text)).toMatchObject({ ok: false, failure: { problem: 'altered', position: 1, table: 'events', ref: String(id) } });
  });
});
