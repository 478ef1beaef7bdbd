import { VERSION_COMPARISON } from '@hegao/contract';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { identityOf } from '../collab/identity.js';
import { lockReport, readVersion, unlockReport } from '../commands/lock.js';
import { mergeReport } from '../commands/merge.js';
import { ApiError } from '../http/ApiError.js';
import { workspace, type Workspace } from '../test/workspace.js';
import { compareVersions, parseVersionPoint } from './versionDiff.js';

let ws: Workspace;
let finalDocName: string;

beforeEach(async () => {
  ws = await workspace();
  await ws.setStatus('approved', ws.sections.intro, ws.sections.epidemic, ws.sections.economy, ws.sections.second);
  ({ finalDocName } = await mergeReport(ws.ctx, ws.users.bgs, ws.report.id));
  await lockReport(ws.ctx, ws.users.bgs, ws.report.id);
  await unlockReport(ws.ctx, ws.users.bgs, ws.report.id, '补充数据');
});

afterEach(async () => {
  await ws.close();
});

/** The office types a paragraph at the end of the final draft. */
async function officeAppends(text: string): Promise<void> {
  await ws.ctx.collab.change(finalDocName, await identityOf(ws.db, ws.users.bgs), (doc) => {
    const p = new Y.XmlElement('paragraph');
    p.insert(0, [new Y.XmlText(text)]);
    const frag = doc.getXmlFragment('prosemirror');
    frag.insert(frag.length, [p]);
  });
}

/** The text of the parts of the given kinds, joined. */
const joined = (parts: readonly { kind: string; text: string }[], ...kinds: string[]) =>
  parts
    .filter((p) => kinds.includes(p.kind))
    .map((p) => p.text)
    .join('');

describe('compareVersions', () => {
  it('compares a version with the current draft by author, as the contract’s VERSION_COMPARISON', async () => {
    await officeAppends('办公室补充的一段。');
    const comparison = await compareVersions(ws.ctx, ws.users.quzhang, ws.report.id, 1, 'final');
    expect(VERSION_COMPARISON.parse(comparison)).toEqual(comparison);
    expect(comparison.from).toEqual({ version: 1, lockedAt: expect.stringMatching(/Z$/) });
    expect(comparison.to).toEqual({ version: 'final', lockedAt: null });
    const inserted = comparison.parts.filter((p) => p.kind !== 'equal');
    expect(inserted.map((p) => [p.kind, p.text.trim(), p.user?.username, p.bureau?.name, p.merge])).toEqual([['insert', '办公室补充的一段。', 'bgs', '办公室', undefined]]);
    expect(joined(comparison.parts, 'equal', 'delete')).toBe((await readVersion(ws.ctx, ws.users.bgs, ws.report.id, 1)).text);
  });

  it('names what a re-merge wrote and removed as the merge’s, between two locked versions', async () => {
    await ws.write(ws.sections.epidemic, '全区累计接种疫苗120万剂次。');
    const { changed } = await mergeReport(ws.ctx, ws.users.bgs, ws.report.id);
    expect(changed.map((c) => c.title)).toEqual(['疫情防控']);
    await lockReport(ws.ctx, ws.users.bgs, ws.report.id);
    const comparison = await compareVersions(ws.ctx, ws.users.bgs, ws.report.id, 1, 2);
    expect(VERSION_COMPARISON.parse(comparison)).toEqual(comparison);
    expect(comparison.to).toEqual({ version: 2, lockedAt: expect.stringMatching(/Z$/) });
    const changes = comparison.parts.filter((p) => p.kind !== 'equal');
    expect(changes.length).toBeGreaterThan(0);
    for (const part of changes) expect(part).toMatchObject({ merge: true, user: { username: 'bgs' } });
    expect(joined(comparison.parts, 'equal', 'insert')).toBe((await readVersion(ws.ctx, ws.users.bgs, ws.report.id, 2)).text);
  });

  it('is 404 for a version that does not exist', async () => {
    await expect(compareVersions(ws.ctx, ws.users.bgs, ws.report.id, 1, 5)).rejects.toMatchObject({ status: 404, message: '第5版不存在' });
  });
});

describe('parseVersionPoint', () => {
  it('reads a version, or final for `to`, and refuses anything else with the contract’s message', () => {
    expect(parseVersionPoint('3', 'from', false)).toBe(3);
    expect(parseVersionPoint('final', 'to', true)).toBe('final');
    const refusal = (run: () => unknown) => {
      try {
        run();
      } catch (error) {
        if (error instanceof ApiError) return [error.status, error.code, error.message];
      }
      return null;
    };
    expect(refusal(() => parseVersionPoint('final', 'from', false))).toEqual([400, 'invalid_version', '参数 from 应为版本号']);
    expect(refusal(() => parseVersionPoint(undefined, 'from', false))).toEqual([400, 'invalid_version', '参数 from 应为版本号']);
    expect(refusal(() => parseVersionPoint('0', 'to', true))).toEqual([400, 'invalid_version', '参数 to 应为版本号或 final（当前合稿）']);
  });
});
