import { describe, expect, it } from 'vitest';
import { readAuditEvent } from './auditEvents.js';
import {
  AUTHORSHIP,
  AUTHORSHIP_QUERY,
  DIFF_RANGE,
  REPORT_HISTORY,
  RESTORE_REQUEST,
  RESTORE_RESULT,
  SECTION_DIFF,
  SECTION_TEXT,
  SECTION_TIMELINE,
  type AuthorshipQueryParams,
} from './history.js';

const writer = { id: 'u1', username: 'wjj', name: '张卫民', color: 'hsl(6, 55%, 30%)' };
const bureau = { id: 'b1', name: '卫健局' };
const at = '2026-12-03T06:05:00.000Z';

const entry = {
  id: 3,
  at,
  type: 'section.return',
  actor: { id: 'u2', name: '李文静', bureau: { id: 'b0', name: '办公室' } },
  sectionId: 's1',
  sectionTitle: '疫情防控',
  reason: '请补充6月底的数据',
  detail: { from: 'submitted', to: 'returned', reason: '请补充6月底的数据' },
};

describe('the report history', () => {
  it('accepts an entry as the server presents it, and its detail reads as the audit event it is', () => {
    const [parsed] = REPORT_HISTORY.parse([entry]);
    expect(parsed).toEqual(entry);
    const event = readAuditEvent(parsed!.type, parsed!.detail);
    expect(event?.type === 'section.return' && event.detail.reason).toBe('请补充6月底的数据');
  });

  it('accepts the system and a deleted account as actors, and a report-level event', () => {
    const system = { ...entry, id: 1, type: 'report.create', actor: null, sectionId: null, sectionTitle: null, reason: null, detail: { template: 'half_year' } };
    const ghost = { ...entry, actor: { id: 'gone', name: null, bureau: null } };
    expect(REPORT_HISTORY.safeParse([system, ghost]).success).toBe(true);
  });

  it('refuses a string event number, an actor without its bureau, a missing reason or a local time', () => {
    expect(REPORT_HISTORY.safeParse([{ ...entry, id: '3' }]).success).toBe(false);
    expect(REPORT_HISTORY.safeParse([{ ...entry, actor: { id: 'u2', name: '李文静' } }]).success).toBe(false);
    const { reason: _reason, ...noReason } = entry;
    expect(REPORT_HISTORY.safeParse([noReason]).success).toBe(false);
    expect(REPORT_HISTORY.safeParse([{ ...entry, at: '2026-12-03 14:05' }]).success).toBe(false);
  });

  it('reads a deleted section’s stored text, and refuses a fractional count', () => {
    const text = { id: 's7', reportId: 'r1', title: '（三）安全生产', deletedAt: at, text: '全年无重大事故。', chars: 8 };
    expect(SECTION_TEXT.parse(text)).toEqual(text);
    expect(SECTION_TEXT.safeParse({ ...text, chars: 8.5 }).success).toBe(false);
    expect(SECTION_TEXT.safeParse({ ...text, id: 7 }).success).toBe(false);
  });
});

describe('authorship', () => {
  const span = { start: 0, end: 4, user: writer, bureau, at };

  it('accepts spans, and deleted runs with or without who deleted them', () => {
    const answer = {
      text: '全年增长7.1%',
      spans: [span, { ...span, start: 4, end: 8, bureau: null }],
      deleted: [
        { offset: 4, text: '6.5', user: writer, bureau, at, deletedBy: { user: writer, bureau, at } },
        { offset: 4, text: '6', user: writer, bureau: null, at, deletedBy: null },
      ],
    };
    expect(AUTHORSHIP.parse(answer)).toEqual(answer);
    // Without ?deleted=1 the list is absent.
    expect(AUTHORSHIP.parse({ text: '全年', spans: [span] })).not.toHaveProperty('deleted');
  });

  it('refuses a writer without a colour, a negative offset or a fractional one', () => {
    const { color: _color, ...colourless } = writer;
    expect(AUTHORSHIP.safeParse({ text: '全年', spans: [{ ...span, user: colourless }] }).success).toBe(false);
    expect(AUTHORSHIP.safeParse({ text: '全年', spans: [{ ...span, start: -1 }] }).success).toBe(false);
    expect(AUTHORSHIP.safeParse({ text: '全年', spans: [{ ...span, end: 1.5 }] }).success).toBe(false);
  });
});

describe('a section’s text history', () => {
  const session = { kind: 'edit', user: writer, bureau, from: at, to: at, fromSeq: 1, toSeq: 9, added: 12, removed: 0 };
  const step = { kind: 'event', type: 'section.return', user: writer, at, seq: 9, reason: '增速数据有误' };
  const restore = { kind: 'event', type: 'section.restore', user: null, at, seq: 12, restored: { seq: 0, at: null } };
  const comment = { kind: 'comment', id: 'c1', user: writer, at, seq: 9, text: '请核实' };

  it('accepts sessions, steps (with a reason or a restored point) and comments, keyed by kind', () => {
    const timeline = { sectionId: 's1', entries: [comment, restore, step, session] };
    const parsed = SECTION_TIMELINE.parse(timeline);
    expect(parsed).toEqual(timeline);
    expect(parsed.entries.map((e) => (e.kind === 'edit' ? e.toSeq : e.seq))).toEqual([9, 12, 9, 9]);
  });

  it('refuses an unknown kind, a session without its counts, and the fields of another kind', () => {
    expect(SECTION_TIMELINE.safeParse({ sectionId: 's1', entries: [{ ...comment, kind: 'note' }] }).success).toBe(false);
    const { removed: _removed, ...uncounted } = session;
    expect(SECTION_TIMELINE.safeParse({ sectionId: 's1', entries: [uncounted] }).success).toBe(false);
    // A comment's shape under the kind of a step lacks `type`.
    expect(SECTION_TIMELINE.safeParse({ sectionId: 's1', entries: [{ ...comment, kind: 'event' }] }).success).toBe(false);
    expect(SECTION_TIMELINE.safeParse({ sectionId: 's1', entries: [{ ...step, seq: -1 }] }).success).toBe(false);
  });

  it('accepts a diff with attributed and unattributed parts, and refuses an unknown kind of part', () => {
    const diff = {
      from: { seq: 0, at: null },
      to: { seq: 14, at },
      parts: [
        { kind: 'equal', text: '全年增长' },
        { kind: 'delete', text: '6.5', user: writer, bureau, at },
        { kind: 'insert', text: '7.1', user: writer, bureau: null, at },
        { kind: 'insert', text: '%' },
      ],
    };
    expect(SECTION_DIFF.parse(diff)).toEqual(diff);
    expect(SECTION_DIFF.safeParse({ ...diff, parts: [{ kind: 'move', text: '全年' }] }).success).toBe(false);
    expect(SECTION_DIFF.safeParse({ ...diff, to: { seq: '14', at } }).success).toBe(false);
  });

  it('accepts a restore answer and refuses one without the text', () => {
    expect(RESTORE_RESULT.parse({ seq: 9, text: '全年增长6.5%' })).toEqual({ seq: 9, text: '全年增长6.5%' });
    expect(RESTORE_RESULT.safeParse({ seq: 9 }).success).toBe(false);
  });
});

describe('the requests', () => {
  /** The first issue's message, as the API answers it. */
  function message(result: { success: boolean; error?: { issues: Array<{ message: string }> } }): string | undefined {
    return result.error?.issues[0]?.message;
  }

  it('reads the authorship query the web sends: a seq as a number, a moment with its zone, deleted=1', () => {
    const sent: AuthorshipQueryParams = { seq: '12', deleted: '1' };
    expect(AUTHORSHIP_QUERY.parse(sent)).toEqual({ seq: 12, deleted: '1' });
    expect(AUTHORSHIP_QUERY.parse({ at: '2026-12-03T14:05:00+08:00' })).toEqual({ at: '2026-12-03T14:05:00+08:00' });
    expect(AUTHORSHIP_QUERY.parse({})).toEqual({});
  });

  it('refuses a bad authorship query in Chinese', () => {
    expect(message(AUTHORSHIP_QUERY.safeParse({ at: '2026-12-03' }))).toBe('时间格式不正确，应为 ISO 8601，例如 2026-12-03T14:05:00+08:00');
    // Shaped right but no such moment.
    expect(message(AUTHORSHIP_QUERY.safeParse({ at: '2026-13-45T25:00:00Z' }))).toContain('时间格式不正确');
    expect(message(AUTHORSHIP_QUERY.safeParse({ seq: '-1' }))).toBe('参数 seq 应为非负整数（修改记录中的序号）');
    expect(message(AUTHORSHIP_QUERY.safeParse({ deleted: 'yes' }))).toBe('deleted 只能为 0 或 1');
    expect(message(AUTHORSHIP_QUERY.safeParse({ seq: '3', at: '2026-12-03T14:05:00Z' }))).toBe('at 与 seq 只能给出一个');
  });

  it('reads a diff range, `to` optional, and asks for `from` in Chinese', () => {
    expect(DIFF_RANGE.parse({ from: '3', to: '9' })).toEqual({ from: 3, to: 9 });
    expect(DIFF_RANGE.parse({ from: '0' })).toEqual({ from: 0 });
    expect(message(DIFF_RANGE.safeParse({}))).toBe('请给出对比的起点 from（修改记录中的序号）');
    expect(message(DIFF_RANGE.safeParse({ from: '1.5' }))).toBe('参数 from 应为非负整数（修改记录中的序号）');
    expect(message(DIFF_RANGE.safeParse({ from: '1', to: 'now' }))).toBe('参数 to 应为非负整数（修改记录中的序号）');
  });

  it('reads a restore body and refuses a missing, negative or fractional seq in Chinese', () => {
    expect(RESTORE_REQUEST.parse({ seq: 9 })).toEqual({ seq: 9 });
    for (const body of [{}, { seq: -1 }, { seq: 1.5 }, { seq: '9' }]) {
      expect(message(RESTORE_REQUEST.safeParse(body))).toBe('请给出要恢复到的时间点 seq（修改记录中的序号，非负整数）');
    }
  });
});
