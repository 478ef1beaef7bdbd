import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CollabIdentity } from '@hegao/collab';
import type { User } from '@hegao/domain';
import { getReport, recordMerge, setUserDisabled, updateReportStatus } from '@hegao/storage';
import { workspace, type Workspace } from '../test/workspace.js';
import { finalDocName, sectionAccess } from './access.js';

let ws: Workspace;
beforeEach(async () => {
  ws = await workspace();
});
afterEach(async () => {
  await ws.close();
});

const identity = (user: User): CollabIdentity => ({
  userId: user.id,
  username: user.username,
  name: user.name,
  role: user.role,
  bureauId: user.bureauId,
  bureauName: null,
  color: '#000000',
});

/** Puts the report in `status` with its final draft recorded, as a merge would. */
async function merged(status: 'merging' | 'locked', version = 0): Promise<string> {
  const name = finalDocName(ws.report.id);
  expect(await recordMerge(ws.db, { reportId: ws.report.id, finalDocName: name, from: 'drafting', to: 'merging', mergedAt: Date.now(), sources: [] })).toBe(0);
  if (status === 'locked' || version > 0) await updateReportStatus(ws.db, ws.report.id, status, version);
  return name;
}

describe('access to a report’s final draft', () => {
  it('does not exist before the first merge, nor for an unknown report', async () => {
    const resolve = sectionAccess(ws.db);
    expect(await resolve(identity(ws.users.bgs), finalDocName(ws.report.id))).toBeNull();
    expect(await resolve(identity(ws.users.bgs), finalDocName('no-such-report'))).toBeNull();
    expect(await resolve(identity(ws.users.bgs), 'final-')).toBeNull();
  });

  it('while merging: the office writes, bureaus and leaders read, each told why', async () => {
    const name = await merged('merging');
    expect((await getReport(ws.db, ws.report.id))!.finalDocName).toBe(name);
    const resolve = sectionAccess(ws.db);
    expect(await resolve(identity(ws.users.bgs), name)).toEqual({ read: true, write: true, reason: '' });
    expect(await resolve(identity(ws.users.wjj), name)).toEqual({ read: true, write: false, reason: '只有办公室秘书可以修改合稿' });
    expect(await resolve(identity(ws.users.quzhang), name)).toEqual({ read: true, write: false, reason: '领导账号只能阅读和批示，不能编辑' });
  });

  it('when locked: read-only for everyone, the office included, naming the version', async () => {
    const name = await merged('locked', 2);
    const resolve = sectionAccess(ws.db);
    for (const user of [ws.users.bgs, ws.users.wjj, ws.users.quzhang]) {
      expect(await resolve(identity(user), name)).toEqual({ read: true, write: false, reason: '报告已定稿（第2版），不能修改；如需修改请先解锁' });
    }
  });

  it('after an unlock the office writes again', async () => {
    const name = await merged('locked', 1);
    await updateReportStatus(ws.db, ws.report.id, 'merging');
    expect((await sectionAccess(ws.db)(identity(ws.users.bgs), name))!.write).toBe(true);
  });

  it('shuts out a disabled account', async () => {
    const name = await merged('merging');
    await setUserDisabled(ws.db, ws.users.bgs.id, true);
    expect(await sectionAccess(ws.db)(identity(ws.users.bgs), name)).toEqual({ read: false, write: false, reason: '账号已停用' });
  });

  it('leaves section documents as they were: read-only for everyone once the report is merging', async () => {
    const resolve = sectionAccess(ws.db);
    const doc = ws.sections.epidemic.docName;
    expect((await resolve(identity(ws.users.wjj), doc))!.write).toBe(true);
    await merged('merging');
    expect(await resolve(identity(ws.users.wjj), doc)).toEqual({ read: true, write: false, reason: '报告正在合稿，各章节已不可修改' });
    expect(await resolve(identity(ws.users.wjj), 'section-unknown')).toBeNull();
  });
});
