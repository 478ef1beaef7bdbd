import { RESTORE_RESULT, SECTION_DIFF, SECTION_TIMELINE, type TimelineEntry } from '@hegao/contract';
import { createComment, recordEvent } from '@hegao/storage';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { identityOf } from '../collab/identity.js';
import { workspace, type Workspace } from '../test/workspace.js';
import { restoreSection, sectionDiff, sectionTimeline } from './sectionHistory.js';

let ws: Workspace;

beforeEach(async () => {
  ws = await workspace();
});

afterEach(async () => {
  await ws.close();
});

/** Lets the clock move on, so that a step and the next write are not recorded in the same millisecond. */
const tick = () => new Promise((resolve) => setTimeout(resolve, 5));

type Step = Extract<TimelineEntry, { kind: 'event' }>;

/**
 * 疫情防控 as the bureau wrote it (the workspace's text), returned by the office with a reason and a
 * comment, then corrected by the bureau: X万剂次 becomes 12万剂次.
 */
async function returnedAndCorrected(): Promise<void> {
  const { epidemic } = ws.sections;
  const { bgs, wjj } = ws.users;
  await tick();
  await recordEvent(ws.db, { reportId: ws.report.id, sectionId: epidemic.id, actorId: bgs.id, type: 'section.return', detail: { from: 'submitted', to: 'returned', reason: '请补充接种数据' } });
  await createComment(ws.db, { reportId: ws.report.id, docName: epidemic.docName, sectionId: epidemic.id, parentId: null, body: '接种人数要写实数', authorId: bgs.id });
  await tick();
  await ws.ctx.collab.change(epidemic.docName, await identityOf(ws.db, wjj), (doc) => {
    const text = (doc.getXmlFragment('prosemirror').get(0) as Y.XmlElement).get(0) as Y.XmlText;
    text.delete(8, 1);
    text.insert(8, '12');
  });
}

describe('sectionTimeline', () => {
  it('answers the contract’s timeline: sessions, the step with its reason and the comment, newest first', async () => {
    await returnedAndCorrected();
    const timeline = await sectionTimeline(ws.ctx, ws.users.bgs, ws.sections.epidemic.id);
    // Exactly the contract's shape (what the web parses).
    expect(SECTION_TIMELINE.parse(timeline)).toEqual(timeline);
    expect(timeline.sectionId).toBe(ws.sections.epidemic.id);
    expect(timeline.entries.map((e) => e.kind)).toEqual(['edit', 'comment', 'event', 'edit']);
    const [correction, comment, step, written] = timeline.entries;
    expect(correction).toMatchObject({ kind: 'edit', user: { username: 'wjj' }, bureau: { name: '卫健局' }, added: 2, removed: 1 });
    expect(comment).toMatchObject({ kind: 'comment', user: { username: 'bgs' }, text: '接种人数要写实数' });
    expect(step).toMatchObject({ kind: 'event', type: 'section.return', user: { username: 'bgs' }, reason: '请补充接种数据' });
    expect(step).not.toHaveProperty('restored');
    // The step stands for the text as the office returned it: the end of the first session.
    expect(written?.kind === 'edit' && step?.kind === 'event' && written.toSeq === step.seq).toBe(true);
  });
});

describe('sectionDiff and restoreSection', () => {
  it('answers the contract’s diff since the return, then restores that point as a new change', async () => {
    await returnedAndCorrected();
    const { epidemic } = ws.sections;
    const before = await sectionTimeline(ws.ctx, ws.users.bgs, epidemic.id);
    const returned = before.entries.find((e): e is Step => e.kind === 'event' && e.type === 'section.return')!;

    const diff = await sectionDiff(ws.ctx, ws.users.bgs, epidemic.id, returned.seq);
    expect(SECTION_DIFF.parse(diff)).toEqual(diff);
    expect(diff.from.seq).toBe(returned.seq);
    expect(diff.to.seq).toBeGreaterThan(returned.seq);
    expect(diff.parts.filter((p) => p.kind !== 'equal').map((p) => [p.kind, p.text, p.user?.username])).toEqual([
      ['delete', 'X', 'wjj'],
      ['insert', '12', 'wjj'],
    ]);
    expect(diff.parts.find((p) => p.kind === 'equal')).toEqual({ kind: 'equal', text: expect.any(String) });

    const restored = await restoreSection(ws.ctx, ws.users.wjj, epidemic.id, returned.seq);
    expect(RESTORE_RESULT.parse(restored)).toEqual(restored);
    expect(restored).toEqual({ seq: returned.seq, text: '全区累计接种疫苗X万剂次。\n核酸检测能力提升到每日X万份。' });

    const after = await sectionTimeline(ws.ctx, ws.users.bgs, epidemic.id);
    expect(SECTION_TIMELINE.parse(after)).toEqual(after);
    const restore = after.entries.find((e): e is Step => e.kind === 'event' && e.type === 'section.restore');
    expect(restore).toMatchObject({ user: { username: 'wjj' }, restored: { seq: returned.seq, at: expect.any(String) } });
    expect(restore).not.toHaveProperty('reason');
  });
});
