import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { getReport, getSection, listEvents, listNotifications, updateReportStatus, type ReportRecord } from '@hegao/storage';
import type { ReportEvent } from '../events/ReportEvents.js';
import { ApiError } from '../http/ApiError.js';
import { workspace, type Workspace } from '../test/workspace.js';
import { REPORT_MOVED, SECTION_MOVED, runSectionAction } from './sectionWorkflow.js';

/** When set, the next getReport answers this (a report read before another request moved it). */
const stale = vi.hoisted(() => ({ report: null as ReportRecord | null }));

vi.mock('@hegao/storage', async (importOriginal) => {
  const actual = await importOriginal<typeof import('@hegao/storage')>();
  return {
    ...actual,
    getReport: async (...args: Parameters<typeof actual.getReport>) => {
      const report = stale.report;
      stale.report = null;
      return report ?? actual.getReport(...args);
    },
  };
});

let ws: Workspace;

beforeEach(async () => {
  ws = await workspace();
});

afterEach(async () => {
  stale.report = null;
  await ws.close();
});

/** The outcome of a command: 200 with the section's status, or the refusal's status and message. */
async function outcome(work: Promise<{ status: string }>): Promise<{ status: number; message: string }> {
  try {
    return { status: 200, message: (await work).status };
  } catch (err) {
    if (err instanceof ApiError) return { status: err.status, message: err.message };
    throw err;
  }
}

async function eventTypes(): Promise<string[]> {
  return (await listEvents(ws.db, ws.report.id)).map((e) => e.type);
}

describe('concurrent section transitions', () => {
  it('two concurrent approves of one submitted section: one 200, one 409, one event', async () => {
    const { epidemic } = ws.sections;
    await ws.setStatus('submitted', epidemic);
    const results = await Promise.all([
      outcome(runSectionAction(ws.ctx, ws.users.bgs, epidemic.id, 'approve')),
      outcome(runSectionAction(ws.ctx, ws.users.bgs, epidemic.id, 'approve')),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    // Both decided on 已提交; the loser's conditional write found it moved.
    expect(results.find((r) => r.status === 409)!.message).toBe(SECTION_MOVED);
    expect((await getSection(ws.db, epidemic.id))!.status).toBe('approved');
    expect((await eventTypes()).filter((t) => t === 'section.approve')).toHaveLength(1);
  });

  it('a concurrent approve and return of one section: the winner’s state and event only', async () => {
    const { epidemic } = ws.sections;
    await ws.setStatus('submitted', epidemic);
    const [approve, ret] = await Promise.all([
      outcome(runSectionAction(ws.ctx, ws.users.bgs, epidemic.id, 'approve')),
      outcome(runSectionAction(ws.ctx, ws.users.bgs, epidemic.id, 'return', { reason: '请补充6月底的数据' })),
    ]);
    expect([approve.status, ret.status].sort()).toEqual([200, 409]);
    const section = (await getSection(ws.db, epidemic.id))!;
    const winner = approve.status === 200 ? 'approve' : 'return';
    expect(section.status).toBe(winner === 'approve' ? 'approved' : 'returned');
    expect(section.returnReason).toBe(winner === 'approve' ? null : '请补充6月底的数据');
    expect((await eventTypes()).filter((t) => t === 'section.approve' || t === 'section.return')).toEqual([`section.${winner}`]);
  });

  it('two concurrent assignments of one not-started section: one 200, one 409, one assignment written', async () => {
    const { first } = ws.sections;
    const [a, b] = await Promise.all([
      outcome(runSectionAction(ws.ctx, ws.users.bgs, first.id, 'assign', { bureauIds: [ws.users.wjj.bureauId!] })),
      outcome(runSectionAction(ws.ctx, ws.users.bgs, first.id, 'assign', { bureauIds: [ws.users.fgj.bureauId!] })),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    const winner = a.status === 200 ? ws.users.wjj.bureauId : ws.users.fgj.bureauId;
    expect((await getSection(ws.db, first.id))!).toMatchObject({ status: 'drafting', bureauIds: [winner] });
    expect((await eventTypes()).filter((t) => t === 'section.assign')).toHaveLength(1);
  });

  it('concurrent first submits of two sections both succeed; the report starts its review once', async () => {
    const { epidemic, second } = ws.sections;
    const results = await Promise.all([
      outcome(runSectionAction(ws.ctx, ws.users.wjj, epidemic.id, 'submit')),
      outcome(runSectionAction(ws.ctx, ws.users.wjj, second.id, 'submit')),
    ]);
    expect(results).toEqual([
      { status: 200, message: 'submitted' },
      { status: 200, message: 'submitted' },
    ]);
    expect((await getReport(ws.db, ws.report.id))!.status).toBe('reviewing');
    const types = await eventTypes();
    expect(types.filter((t) => t === 'report.review')).toHaveLength(1);
    expect(types.filter((t) => t === 'section.submit')).toHaveLength(2);
  });

  it('refuses with 409, changing nothing, when the report moved so that the step no longer applies', async () => {
    const { epidemic } = ws.sections;
    await ws.setStatus('approved', epidemic);
    await updateReportStatus(ws.db, ws.report.id, 'merging');
    // The return was decided on a merging report; the report was locked before it was written.
    stale.report = (await getReport(ws.db, ws.report.id))!;
    await updateReportStatus(ws.db, ws.report.id, 'locked', 1);
    const before = await eventTypes();
    expect(await outcome(runSectionAction(ws.ctx, ws.users.bgs, epidemic.id, 'return', { reason: '请补充数据' }))).toEqual({ status: 409, message: REPORT_MOVED });
    expect((await getSection(ws.db, epidemic.id))!).toMatchObject({ status: 'approved', returnReason: null });
    expect(await getReport(ws.db, ws.report.id)).toMatchObject({ status: 'locked', version: 1 });
    expect(await eventTypes()).toEqual(before);
  });

  it('a return while merging reopens the report in the same transaction', async () => {
    const { epidemic } = ws.sections;
    await ws.setStatus('approved', epidemic);
    await updateReportStatus(ws.db, ws.report.id, 'merging');
    expect(await outcome(runSectionAction(ws.ctx, ws.users.bgs, epidemic.id, 'return', { reason: '请补充数据' }))).toEqual({ status: 200, message: 'returned' });
    expect((await getReport(ws.db, ws.report.id))!.status).toBe('reviewing');
    const events = (await listEvents(ws.db, ws.report.id)).slice(-2);
    expect(events.map((e) => [e.type, e.detail])).toEqual([
      ['section.return', { from: 'approved', to: 'returned', reason: '请补充数据' }],
      ['report.reopen', { from: 'merging', to: 'reviewing', reason: '请补充数据' }],
    ]);
  });
});

describe('assignment events', () => {
  it('record the bureaus before and after, and the due date and 写作要求 the request changed, with their old and new values', async () => {
    const { economy } = ws.sections;
    const [wjjBureau, fgjBureau] = [ws.users.wjj.bureauId!, ws.users.fgj.bureauId!];
    await runSectionAction(ws.ctx, ws.users.bgs, economy.id, 'assign', { bureauIds: [fgjBureau], dueDate: '2020-07-05', instruction: '不超过800字' });
    await runSectionAction(ws.ctx, ws.users.bgs, economy.id, 'assign', { bureauIds: [wjjBureau], dueDate: '2020-07-08', instruction: '不超过800字' });
    // Nothing but the bureaus changed: only they are recorded.
    await runSectionAction(ws.ctx, ws.users.bgs, economy.id, 'assign', { bureauIds: [wjjBureau, fgjBureau] });
    const assigns = (await listEvents(ws.db, ws.report.id)).filter((e) => e.type === 'section.assign');
    expect(assigns.map((e) => e.detail)).toEqual([
      {
        from: 'drafting',
        to: 'drafting',
        bureauIds: [fgjBureau],
        previousBureauIds: [fgjBureau],
        dueDate: { from: null, to: '2020-07-05' },
        instruction: { from: '', to: '不超过800字' },
      },
      { from: 'drafting', to: 'drafting', bureauIds: [wjjBureau], previousBureauIds: [fgjBureau], dueDate: { from: '2020-07-05', to: '2020-07-08' } },
      { from: 'drafting', to: 'drafting', bureauIds: [wjjBureau, fgjBureau], previousBureauIds: [wjjBureau] },
    ]);
    expect(await getSection(ws.db, economy.id)).toMatchObject({ dueDate: '2020-07-08', instruction: '不超过800字' });
  });
});

describe('notifications commit with their step', () => {
  /** The live events published to the report's subscribers while `work` runs. */
  async function published(work: () => Promise<unknown>): Promise<string[]> {
    const seen: string[] = [];
    const unsubscribe = ws.ctx.events.subscribe(ws.report.id, (e: ReportEvent) => seen.push(e.type));
    try {
      await work().catch(() => undefined);
    } finally {
      unsubscribe();
    }
    return seen;
  }

  it('a return and its notice to the bureau are both stored, and clients are told after the commit', async () => {
    const { epidemic } = ws.sections;
    await ws.setStatus('submitted', epidemic);
    const seen = await published(() => runSectionAction(ws.ctx, ws.users.bgs, epidemic.id, 'return', { reason: '数据需要核实' }));
    expect((await getSection(ws.db, epidemic.id))!.status).toBe('returned');
    expect(await eventTypes()).toContain('section.return');
    const notices = await listNotifications(ws.db, ws.users.wjj.id);
    expect(notices.map((n) => [n.type, n.sectionId, n.detail['reason']])).toEqual([['returned', epidemic.id, '数据需要核实']]);
    expect(seen).toEqual(['section.status', 'notification']);
  });

  it('an assignment stores its notice in the same transaction', async () => {
    const { epidemic } = ws.sections;
    await runSectionAction(ws.ctx, ws.users.bgs, epidemic.id, 'assign', { bureauIds: [ws.users.fgj.bureauId!], dueDate: '2020-07-05' });
    const notices = await listNotifications(ws.db, ws.users.fgj.id);
    expect(notices.map((n) => [n.type, n.sectionId, n.detail['dueDate']])).toEqual([['assigned', epidemic.id, '2020-07-05']]);
  });

  it('when the notice cannot be written the step is rolled back too: no status change, no event, no notice, nothing published', async () => {
    const { epidemic } = ws.sections;
    await ws.setStatus('submitted', epidemic);
    await ws.failInserts('notifications');
    const before = await eventTypes();
    for (const [action, input] of [['approve', {}], ['return', { reason: '数据需要核实' }]] as const) {
      const seen = await published(async () => {
        await expect(runSectionAction(ws.ctx, ws.users.bgs, epidemic.id, action, input)).rejects.toThrow('test: notifications cannot be written');
      });
      expect(seen).toEqual([]);
    }
    expect((await getSection(ws.db, epidemic.id))!.status).toBe('submitted');
    expect(await eventTypes()).toEqual(before);
    await ws.exec('DROP TRIGGER fail_notifications');
    expect(await listNotifications(ws.db, ws.users.wjj.id)).toEqual([]);
    // With the store back the same step goes through, with its notice.
    await runSectionAction(ws.ctx, ws.users.bgs, epidemic.id, 'approve');
    expect((await listNotifications(ws.db, ws.users.wjj.id)).map((n) => n.type)).toEqual(['approved']);
  });

  it('a step that needs no notice (submit) does not depend on the notification store', async () => {
    await ws.failInserts('notifications');
    await runSectionAction(ws.ctx, ws.users.wjj, ws.sections.epidemic.id, 'submit');
    expect((await getSection(ws.db, ws.sections.epidemic.id))!.status).toBe('submitted');
  });
});

