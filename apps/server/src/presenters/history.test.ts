import { REPORT_HISTORY } from '@hegao/contract';
import type { WorkflowEvent } from '@hegao/storage';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { workspace, type Workspace } from '../test/workspace.js';
import { presentHistory } from './history.js';
import { lookups } from './lookups.js';

let ws: Workspace;

beforeEach(async () => {
  ws = await workspace();
});

afterEach(async () => {
  await ws.close();
});

function event(id: number, type: string, fields: Partial<WorkflowEvent> = {}): WorkflowEvent {
  return { id, reportId: ws.report.id, sectionId: null, actorId: null, type, detail: {}, createdAt: Date.UTC(2020, 6, 1, 8, 0, id), ...fields };
}

describe('presentHistory', () => {
  it('names actors and sections, lifts the reason and keeps the detail and the given order', async () => {
    const { epidemic } = ws.sections;
    const { bgs, wjj } = ws.users;
    const events = [
      event(3, 'section.return', { sectionId: epidemic.id, actorId: bgs.id, detail: { from: 'submitted', to: 'returned', reason: '请补充6月底的数据' } }),
      event(2, 'section.submit', { sectionId: epidemic.id, actorId: wjj.id, detail: { from: 'drafting', to: 'submitted' } }),
      event(1, 'report.create', { detail: { template: 'half_year' } }),
    ];
    const out = presentHistory(events, Object.values(ws.sections), await lookups(ws.db));
    // The presenter builds exactly the contract's history (what the web parses).
    expect(REPORT_HISTORY.parse(out)).toEqual(out);
    expect(out.map((e) => e.id)).toEqual([3, 2, 1]);
    expect(out[0]).toEqual({
      id: 3,
      at: '2020-07-01T08:00:03.000Z',
      type: 'section.return',
      actor: { id: bgs.id, name: '李文静', bureau: { id: bgs.bureauId, name: '办公室' } },
      sectionId: epidemic.id,
      sectionTitle: '疫情防控',
      reason: '请补充6月底的数据',
      detail: { from: 'submitted', to: 'returned', reason: '请补充6月底的数据' },
    });
    expect(out[1]).toMatchObject({ actor: { id: wjj.id, name: '张卫民', bureau: { name: '卫健局' } }, sectionTitle: '疫情防控', reason: null });
    expect(out[2]).toMatchObject({ actor: null, sectionId: null, sectionTitle: null, reason: null, detail: { template: 'half_year' } });
  });

  it('names a deleted section by the latest title its events recorded, or null when none did', async () => {
    const events = [
      event(5, 'section.delete', { sectionId: 'gone', detail: { title: '旧标题改名后', deletedIds: ['gone', 'child'] } }),
      event(4, 'section.update', { sectionId: 'gone', detail: { title: { from: '旧标题', to: '旧标题改名后' } } }),
      event(3, 'section.submit', { sectionId: 'child' }),
      event(2, 'section.add', { sectionId: 'gone', detail: { title: '旧标题' } }),
    ];
    const out = presentHistory(events, Object.values(ws.sections), await lookups(ws.db));
    expect(out.map((e) => e.sectionTitle)).toEqual(['旧标题改名后', '旧标题改名后', null, '旧标题改名后']);
  });

  it('prefers the current title of a live section over titles recorded earlier', async () => {
    const { economy } = ws.sections;
    const events = [event(1, 'section.add', { sectionId: economy.id, detail: { title: '最初的标题' } })];
    expect(presentHistory(events, Object.values(ws.sections), await lookups(ws.db))[0]!.sectionTitle).toBe('经济发展');
  });

  it('names an actor that no longer resolves by id only', async () => {
    const out = presentHistory([event(1, 'report.lock', { actorId: 'unknown-user' })], [], await lookups(ws.db));
    expect(REPORT_HISTORY.parse(out)).toEqual(out);
    expect(out[0]!.actor).toEqual({ id: 'unknown-user', name: null, bureau: null });
  });
});
