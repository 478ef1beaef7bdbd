import { BOARD } from '@hegao/contract';
import { fragmentToText } from '@hegao/schema';
import type { SectionRecord } from '@hegao/storage';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { workspace, type Workspace } from '../test/workspace.js';
import { presentBoard } from './board.js';
import { lookups } from './lookups.js';

let ws: Workspace;

beforeEach(async () => {
  ws = await workspace();
});

afterEach(async () => {
  await ws.close();
});

/** Every section's live text, as the board route reads it. */
async function texts(sections: readonly SectionRecord[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const s of sections) out.set(s.id, fragmentToText((await ws.ctx.collab.doc(s.docName)).getXmlFragment('prosemirror')));
  return out;
}

function all(): SectionRecord[] {
  const { intro, first, epidemic, economy, second } = ws.sections;
  return [intro, first, epidemic, economy, second];
}

describe('presentBoard', () => {
  /** The report without a due date, so that only the sections' own dates count. */
  const undated = () => ({ id: ws.report.id, dueDate: null });

  it('lists the outline leaves in outline order with numbers, bureaus and text measures', async () => {
    const sections = all();
    const board = presentBoard(undated(), sections, await texts(sections), await lookups(ws.db), '2020-07-01');
    // The presenter builds exactly the contract's board (what the web parses).
    expect(BOARD.parse(board)).toEqual(board);
    expect(board.reportId).toBe(ws.report.id);
    expect(board.today).toBe('2020-07-01');
    // 一、上半年工作 has sub-sections: it is a heading, not a row.
    expect(board.sections.map((r) => `${r.number}${r.title}`)).toEqual(['导语', '（一）疫情防控', '（二）经济发展', '二、下半年计划']);
    const epidemic = board.sections[1]!;
    expect(epidemic.bureaus).toEqual([{ id: ws.sections.epidemic.bureauIds[0], name: '卫健局' }]);
    expect(epidemic.status).toBe('drafting');
    // 全区累计接种疫苗X万剂次。 (13) + 核酸检测能力提升到每日X万份。 (15); the line break does not count.
    expect(epidemic.chars).toBe(28);
    expect(epidemic.placeholders).toBe(2);
    // X区 is a place name, not a number to fill in.
    expect(board.sections[0]!.placeholders).toBe(0);
    expect(board.sections[3]!.placeholders).toBe(0);
    // The workspace writes without the edit recorder, so nobody is recorded yet.
    expect(epidemic.lastEdit).toBeNull();
    expect(epidemic.dueDate).toBeNull();
    expect(epidemic.daysToDue).toBeNull();
    expect(epidemic.overdue).toBe(false);
  });

  it('counts days to the due date and marks unfinished sections past it overdue', async () => {
    const { intro, epidemic, economy, second } = ws.sections;
    const sections = [
      { ...intro, dueDate: '2020-07-05' },
      ws.sections.first,
      { ...epidemic, dueDate: '2020-06-28' },
      { ...economy, dueDate: '2020-06-28', status: 'submitted' as const },
      { ...second, dueDate: '2020-07-01', status: 'returned' as const },
    ];
    const board = presentBoard(undated(), sections, new Map(), await lookups(ws.db), '2020-07-01');
    const [introRow, epidemicRow, economyRow, secondRow] = board.sections;
    expect([introRow?.daysToDue, introRow?.overdue]).toEqual([4, false]);
    expect([epidemicRow?.daysToDue, epidemicRow?.overdue]).toEqual([-3, true]);
    // Submitted before the office looked: late, but no longer the bureau's to finish.
    expect([economyRow?.daysToDue, economyRow?.overdue]).toEqual([-3, false]);
    // Due today is not overdue yet.
    expect([secondRow?.daysToDue, secondRow?.overdue]).toEqual([0, false]);
    // Without a text the counts are zero.
    expect(epidemicRow?.chars).toBe(0);
  });

  it('counts a section without its own date from the report’s due date', async () => {
    const { epidemic, economy } = ws.sections;
    const sections = [{ ...epidemic, dueDate: null }, { ...economy, dueDate: '2020-07-03' }];
    const board = presentBoard({ id: ws.report.id, dueDate: '2020-06-30' }, sections, new Map(), await lookups(ws.db), '2020-07-01');
    const [epidemicRow, economyRow] = board.sections;
    expect([epidemicRow?.dueDate, epidemicRow?.daysToDue, epidemicRow?.overdue]).toEqual(['2020-06-30', -1, true]);
    // Its own date wins, even when later than the report's.
    expect([economyRow?.dueDate, economyRow?.daysToDue, economyRow?.overdue]).toEqual(['2020-07-03', 2, false]);
  });

  it('names the last editor', async () => {
    const edited = { ...ws.sections.epidemic, lastEditUserId: ws.users.wjj.id, lastEditAt: Date.UTC(2020, 5, 30, 6, 5) };
    const board = presentBoard(undated(), [edited], new Map(), await lookups(ws.db), '2020-07-01');
    expect(board.sections[0]?.lastEdit).toEqual({ userId: ws.users.wjj.id, name: '张卫民', at: '2020-06-30T06:05:00.000Z' });
  });

  it('drops bureaus that no longer exist and names deleted users null', async () => {
    const maps = await lookups(ws.db);
    const edited = { ...ws.sections.second, bureauIds: ['gone', ...ws.sections.second.bureauIds], lastEditUserId: 'ghost', lastEditAt: Date.UTC(2020, 6, 1) };
    const board = presentBoard(undated(), [edited], new Map([[edited.id, '']]), maps, '2020-07-01');
    expect(board.sections[0]?.bureaus.map((b) => b.name)).toEqual(['卫健局']);
    expect(board.sections[0]?.lastEdit).toEqual({ userId: 'ghost', name: null, at: '2020-07-01T00:00:00.000Z' });
  });
});
