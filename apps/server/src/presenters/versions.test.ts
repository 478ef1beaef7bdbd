import { LOCK_RESULT, MERGE_RESULT, UNLOCK_RESULT, VERSION, VERSION_DETAIL } from '@hegao/contract';
import { listVersions } from '@hegao/storage';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { lockReport, readVersion, unlockReport } from '../commands/lock.js';
import { mergeReport } from '../commands/merge.js';
import { workspace, type Workspace } from '../test/workspace.js';
import { lookups } from './lookups.js';
import { presentVersion, presentVersionDetail } from './versions.js';

let ws: Workspace;

beforeEach(async () => {
  ws = await workspace();
  await ws.setStatus('approved', ws.sections.intro, ws.sections.epidemic, ws.sections.economy, ws.sections.second);
});

afterEach(async () => {
  await ws.close();
});

describe('the final draft’s answers', () => {
  it('merge, lock and unlock answer exactly the contract’s shapes', async () => {
    const merged = await mergeReport(ws.ctx, ws.users.bgs, ws.report.id);
    expect(MERGE_RESULT.parse(merged)).toEqual(merged);
    expect(merged).toEqual({ finalDocName: `final-${ws.report.id}`, remerge: false, changed: [] });
    const locked = await lockReport(ws.ctx, ws.users.bgs, ws.report.id);
    expect(LOCK_RESULT.parse(locked)).toEqual(locked);
    const unlocked = await unlockReport(ws.ctx, ws.users.bgs, ws.report.id, '补充数据');
    expect(UNLOCK_RESULT.parse(unlocked)).toEqual({ version: 1, status: 'merging' });
    const remerged = await mergeReport(ws.ctx, ws.users.bgs, ws.report.id);
    expect(MERGE_RESULT.parse(remerged)).toEqual({ finalDocName: merged.finalDocName, remerge: true, changed: [] });
  });
});

describe('presentVersion', () => {
  it('lists versions as the contract’s VERSION: people named, moments ISO 8601, the unlock recorded', async () => {
    await mergeReport(ws.ctx, ws.users.bgs, ws.report.id);
    await lockReport(ws.ctx, ws.users.bgs, ws.report.id);
    await unlockReport(ws.ctx, ws.users.bgs, ws.report.id, '补充数据');
    await lockReport(ws.ctx, ws.users.bgs, ws.report.id);
    const { users } = await lookups(ws.db);
    const versions = (await listVersions(ws.db, ws.report.id)).map((v) => presentVersion(v, users));
    expect(versions.map((v) => VERSION.parse(v))).toEqual(versions);
    const bgs = { id: ws.users.bgs.id, name: '李文静' };
    expect(versions[0]).toMatchObject({ version: 1, lockedBy: bgs, unlockedBy: bgs, unlockReason: '补充数据' });
    expect(versions[1]).toMatchObject({ version: 2, lockedBy: bgs, unlockedBy: null, unlockedAt: null, unlockReason: null });
    // An account that no longer exists keeps its id, without a name.
    const gone = presentVersion((await listVersions(ws.db, ws.report.id))[0]!, new Map());
    expect(VERSION.parse(gone).lockedBy).toEqual({ id: ws.users.bgs.id, name: null });
  });

  it('gives one version with its content as the contract’s VERSION_DETAIL, and a renamed field fails it', async () => {
    await mergeReport(ws.ctx, ws.users.bgs, ws.report.id);
    await lockReport(ws.ctx, ws.users.bgs, ws.report.id);
    const { users } = await lookups(ws.db);
    const detail = presentVersionDetail(await readVersion(ws.ctx, ws.users.quzhang, ws.report.id, 1), users);
    expect(VERSION_DETAIL.parse(detail)).toEqual(detail);
    expect(detail).toMatchObject({ version: 1, verified: true, content: { type: 'doc' } });
    expect(detail.text).toContain('全区累计接种疫苗X万剂次。');
    const { verified, ...renamed } = detail;
    expect(VERSION_DETAIL.safeParse({ ...renamed, valid: verified }).success).toBe(false);
  });

  it('gives no content for stored text that is JSON but no document, and does not verify it', async () => {
    await mergeReport(ws.ctx, ws.users.bgs, ws.report.id);
    await lockReport(ws.ctx, ws.users.bgs, ws.report.id);
    // Tampered with outside the application: the versions' guard dropped first.
    await ws.exec('DROP TRIGGER report_versions_no_update');
    await ws.exec(`UPDATE report_versions SET content_json = '{"type":"doc","content":"x"}'`);
    const read = await readVersion(ws.ctx, ws.users.bgs, ws.report.id, 1);
    expect(read.record.contentJson).toBe('{"type":"doc","content":"x"}');
    const detail = presentVersionDetail(read, (await lookups(ws.db)).users);
    expect(detail).toMatchObject({ content: null, text: '', verified: false });
    expect(VERSION_DETAIL.parse(detail)).toEqual(detail);
  });
});
