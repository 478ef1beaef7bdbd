import { createHash } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { Connection } from '@hegao/collab';
import type { User } from '@hegao/domain';
import { canonicalJSON, docToText, fragmentToJSON } from '@hegao/schema';
import { LOCKED_VERSION_GUARD, getReport, getVersion, listEvents, listVersions } from '@hegao/storage';
import { identityOf } from '../collab/identity.js';
import { ApiError } from '../http/ApiError.js';
import { workspace, type Workspace } from '../test/workspace.js';
import { lockReport, readVersion, unlockReport } from './lock.js';
import { mergeReport } from './merge.js';

let ws: Workspace;
let finalDocName: string;
beforeEach(async () => {
  ws = await workspace();
  await ws.setStatus('approved', ws.sections.intro, ws.sections.epidemic, ws.sections.economy, ws.sections.second);
  ({ finalDocName } = await mergeReport(ws.ctx, ws.users.bgs, ws.report.id));
});
afterEach(async () => {
  await ws.close();
});

async function refused(work: Promise<unknown>): Promise<{ status: number; message: string }> {
  const err = await work.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(err instanceof ApiError)) throw new Error(`expected an ApiError, got ${String(err)}`);
  return { status: err.status, message: err.message };
}

async function connect(user: User): Promise<Connection> {
  const conn = ws.ctx.collab.connect({ send() {}, close() {} }, await identityOf(ws.db, user), finalDocName);
  await conn.chain;
  return conn;
}

/** The office types a paragraph at the end of the final draft. */
async function officeAppends(text: string): Promise<void> {
  await ws.ctx.collab.change(finalDocName, await identityOf(ws.db, ws.users.bgs), (doc) => {
    const p = new Y.XmlElement('paragraph');
    p.insert(0, [new Y.XmlText(text)]);
    const frag = doc.getXmlFragment('prosemirror');
    frag.insert(frag.length, [p]);
  });
}

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

describe('lockReport', () => {
  it('freezes the final draft as version 1 with the SHA-256 of its canonical JSON', async () => {
    const live = fragmentToJSON((await ws.ctx.collab.doc(finalDocName)).getXmlFragment('prosemirror'));
    const result = await lockReport(ws.ctx, ws.users.bgs, ws.report.id);
    expect(result).toEqual({ version: 1, sha256: sha256(canonicalJSON(live)) });
    expect(result.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(await getReport(ws.db, ws.report.id)).toMatchObject({ status: 'locked', version: 1 });
    const row = (await getVersion(ws.db, ws.report.id, 1))!;
    expect(row).toMatchObject({ version: 1, sha256: result.sha256, lockedBy: ws.users.bgs.id, unlockedAt: null });
    expect(row.contentJson).toBe(canonicalJSON(live));
    const restored = new Y.Doc();
    Y.applyUpdate(restored, row.state);
    expect(canonicalJSON(fragmentToJSON(restored.getXmlFragment('prosemirror')))).toBe(row.contentJson);
    expect((await listEvents(ws.db, ws.report.id)).at(-1)).toMatchObject({ type: 'report.lock', detail: { version: 1, sha256: result.sha256 } });
  });

  it('turns the office’s open editor read-only before answering', async () => {
    const office = await connect(ws.users.bgs);
    expect(office.access!.write).toBe(true);
    await lockReport(ws.ctx, ws.users.bgs, ws.report.id);
    expect(office.access).toEqual({ read: true, write: false, reason: '报告已定稿（第1版），不能修改；如需修改请先解锁' });
  });

  it('is refused to others, twice, and before a merge', async () => {
    expect(await refused(lockReport(ws.ctx, ws.users.wjj, ws.report.id))).toEqual({ status: 403, message: '只有办公室秘书可以定稿' });
    await lockReport(ws.ctx, ws.users.bgs, ws.report.id);
    expect(await refused(lockReport(ws.ctx, ws.users.bgs, ws.report.id))).toEqual({ status: 409, message: '报告当前为“已定稿”，不能重复定稿' });
    expect(await listVersions(ws.db, ws.report.id)).toHaveLength(1);
  });
});

describe('unlockReport and the next version', () => {
  it('needs a reason, reopens the draft, and the next lock is version 2; version 1 stays as it was', async () => {
    const v1 = await lockReport(ws.ctx, ws.users.bgs, ws.report.id);
    const office = await connect(ws.users.bgs);
    expect(await refused(unlockReport(ws.ctx, ws.users.bgs, ws.report.id, undefined))).toEqual({ status: 400, message: '请填写解锁理由' });
    expect(await refused(unlockReport(ws.ctx, ws.users.bgs, ws.report.id, '   '))).toEqual({ status: 400, message: '请填写解锁理由' });
    expect(await refused(unlockReport(ws.ctx, ws.users.wjj, ws.report.id, '想改'))).toEqual({ status: 403, message: '只有办公室秘书可以解锁已定稿的报告' });
    expect((await getReport(ws.db, ws.report.id))!.status).toBe('locked');

    expect(await unlockReport(ws.ctx, ws.users.bgs, ws.report.id, ' 区长批示：补充三季度安排 ')).toEqual({ version: 1, status: 'merging' });
    expect(office.access!.write).toBe(true);
    expect(await getReport(ws.db, ws.report.id)).toMatchObject({ status: 'merging', version: 1 });
    expect((await listVersions(ws.db, ws.report.id))[0]).toMatchObject({ unlockedBy: ws.users.bgs.id, unlockReason: '区长批示：补充三季度安排' });
    expect((await listEvents(ws.db, ws.report.id)).at(-1)).toMatchObject({ type: 'report.unlock', detail: { version: 1, reason: '区长批示：补充三季度安排' } });
    expect(await refused(unlockReport(ws.ctx, ws.users.bgs, ws.report.id, '再解锁'))).toMatchObject({ status: 409 });

    await officeAppends('三季度重点安排：X项。');
    const v2 = await lockReport(ws.ctx, ws.users.bgs, ws.report.id);
    expect(v2.version).toBe(2);
    expect(v2.sha256).not.toBe(v1.sha256);

    const first = await readVersion(ws.ctx, ws.users.quzhang, ws.report.id, 1);
    expect(first).toMatchObject({ verified: true, record: { sha256: v1.sha256 } });
    expect(first.text).not.toContain('三季度重点安排');
    expect(sha256(canonicalJSON(first.content))).toBe(v1.sha256);
    const second = await readVersion(ws.ctx, ws.users.wjj, ws.report.id, 2);
    expect(second.text.endsWith('三季度重点安排：X项。')).toBe(true);
    expect(second.text).toBe(docToText(second.content!));
  });
});

describe('readVersion', () => {
  it('reports a tampered version as unverified and logs an error', async () => {
    await lockReport(ws.ctx, ws.users.bgs, ws.report.id);
    const row = (await getVersion(ws.db, ws.report.id, 1))!;
    // The database refuses the change (migration 0004) …
    const tamper = (content: string) => ws.db.kysely.updateTable('report_versions').set({ content_json: content }).where('report_id', '=', ws.report.id).execute();
    await expect(tamper('{not json')).rejects.toThrow(LOCKED_VERSION_GUARD.update);
    // … so the file is tampered with outside the application: its guard dropped first.
    // (Raw SQL without a kysely import here: a compiled query of any shape, with the SQL replaced.)
    await ws.db.kysely.executeQuery({ ...ws.db.kysely.selectFrom('settings').selectAll().compile(), sql: 'DROP TRIGGER report_versions_no_update' });
    await tamper(row.contentJson.replace('X万剂次', '100万剂次'));
    const read = await readVersion(ws.ctx, ws.users.bgs, ws.report.id, 1);
    expect(read.verified).toBe(false);
    expect(read.text).toContain('100万剂次');
    expect(ws.log.filter((l) => l.level === 'error').map((l) => l.msg)).toContain('locked version failed verification: its content does not match its SHA-256');

    await tamper('{not json');
    expect(await readVersion(ws.ctx, ws.users.bgs, ws.report.id, 1)).toMatchObject({ verified: false, content: null, text: '' });
  });

  it('answers 404 for a version that does not exist', async () => {
    expect(await refused(readVersion(ws.ctx, ws.users.bgs, ws.report.id, 1))).toEqual({ status: 404, message: '第1版不存在' });
  });
});
