import { DomainError } from './errors.js';
import { reasonProblem } from './reason.js';
import { REPORT_STATUS_LABEL, SECTION_STATUS_LABEL } from './types.js';
import type { Report, ReportStatus, Section, SectionStatus } from './types.js';

/** What the office or a bureau does to a section. */
export type SectionAction = 'assign' | 'submit' | 'approve' | 'return';

/** What the office does to a report. */
export type ReportAction = 'review' | 'merge' | 'lock' | 'unlock' | 'reopen';

/** Every section action. */
export const SECTION_ACTIONS: readonly SectionAction[] = ['assign', 'submit', 'approve', 'return'];

/** Every report action. */
export const REPORT_ACTIONS: readonly ReportAction[] = ['review', 'merge', 'lock', 'unlock', 'reopen'];

/** Chinese verb of each section action, for buttons and messages. */
export const SECTION_ACTION_LABEL: Record<SectionAction, string> = {
  assign: '分配',
  submit: '提交',
  approve: '通过',
  return: '退回',
};

/** Chinese verb of each report action, for buttons and messages. */
export const REPORT_ACTION_LABEL: Record<ReportAction, string> = {
  review: '送审',
  merge: '合稿',
  lock: '定稿',
  unlock: '解锁',
  reopen: '重新审核',
};

const SECTION_TRANSITIONS: Record<SectionAction, Partial<Record<SectionStatus, SectionStatus>>> = {
  // Re-assigning only changes the bureaus; an approved section must be reopened (returned) first.
  assign: { not_started: 'drafting', drafting: 'drafting', submitted: 'submitted', returned: 'returned' },
  submit: { drafting: 'submitted', returned: 'submitted' },
  approve: { submitted: 'approved' },
  // Returning an approved section reopens it.
  return: { submitted: 'returned', approved: 'returned' },
};

const REPORT_TRANSITIONS: Record<ReportAction, Partial<Record<ReportStatus, ReportStatus>>> = {
  review: { drafting: 'reviewing' },
  merge: { drafting: 'merging', reviewing: 'merging' },
  lock: { merging: 'locked' },
  unlock: { locked: 'merging' },
  // Returning an approved section while merging sends the report back to review; merging again re-merges.
  reopen: { merging: 'reviewing' },
};

// What follows 「该章节当前为“X”，」 when an action is refused; missing entries use 「不能<动作>」.
const SECTION_REFUSAL: Record<SectionAction, Partial<Record<SectionStatus, string>>> = {
  assign: { approved: '不能重新分配，如需调整请先退回' },
  submit: {
    not_started: '尚未分配部门，不能提交',
    submitted: '不能再次提交',
    approved: '已审核通过，不能再提交',
  },
  approve: {
    not_started: '尚未提交，不能通过',
    drafting: '尚未提交，不能通过',
    returned: '需部门修改后重新提交，不能通过',
    approved: '不能再次通过',
  },
  return: {
    not_started: '尚未提交，不能退回',
    drafting: '尚未提交，不能退回',
    returned: '不能再次退回',
  },
};

// What follows 「报告当前为“X”，」 when an action is refused.
const REPORT_REFUSAL: Record<ReportAction, Partial<Record<ReportStatus, string>>> = {
  review: { reviewing: '不能再次送审', merging: '已进入合稿，不能送审', locked: '不能送审，如需修改请先解锁' },
  merge: { merging: '不能再次合稿', locked: '不能合稿，如需修改请先解锁' },
  lock: { drafting: '请先合稿再定稿', reviewing: '请先合稿再定稿', locked: '不能重复定稿' },
  unlock: { drafting: '尚未定稿，无需解锁', reviewing: '尚未定稿，无需解锁', merging: '尚未定稿，无需解锁' },
  reopen: { drafting: '尚未合稿，无需重新审核', reviewing: '已在审核中', locked: '已定稿，如需修改请先解锁' },
};

/** Status after `action`, or null when the action is not allowed from `current`. */
export function nextSectionStatus(current: SectionStatus, action: SectionAction): SectionStatus | null {
  return SECTION_TRANSITIONS[action]?.[current] ?? null;
}

/** Status after `action`, or null when the action is not allowed from `current`. */
export function nextReportStatus(current: ReportStatus, action: ReportAction): ReportStatus | null {
  return REPORT_TRANSITIONS[action]?.[current] ?? null;
}

/** Section actions allowed from `current`, in SECTION_ACTIONS order. */
export function allowedSectionActions(current: SectionStatus): SectionAction[] {
  return SECTION_ACTIONS.filter((action) => nextSectionStatus(current, action) !== null);
}

/** Report actions allowed from `current`, in REPORT_ACTIONS order. */
export function allowedReportActions(current: ReportStatus): ReportAction[] {
  return REPORT_ACTIONS.filter((action) => nextReportStatus(current, action) !== null);
}

/** Chinese explanation, naming the current state, of why `action` is refused on a section. */
export function sectionRefusal(current: SectionStatus, action: SectionAction): string {
  const tail = SECTION_REFUSAL[action]?.[current] ?? `不能${SECTION_ACTION_LABEL[action] ?? '执行此操作'}`;
  return `该章节当前为“${SECTION_STATUS_LABEL[current] ?? current}”，${tail}`;
}

/** Chinese explanation, naming the current state, of why `action` is refused on a report. */
export function reportRefusal(current: ReportStatus, action: ReportAction): string {
  const tail = REPORT_REFUSAL[action]?.[current] ?? `不能${REPORT_ACTION_LABEL[action] ?? '执行此操作'}`;
  return `报告当前为“${REPORT_STATUS_LABEL[current] ?? current}”，${tail}`;
}

/** Input of applySectionAction: the reason of a return, the bureaus of an assignment. */
export interface SectionActionInput {
  reason?: string;
  bureauIds?: string[];
}

/**
 * Applies `action` to a section and returns the new section (the input is not mutated).
 * 'assign' needs ≥1 bureau (deduplicated, blanks dropped); 'return' needs a reason (trimmed, ≤500 characters),
 * which the caller records — Section has no field for it.
 * Throws DomainError('conflict') when the state forbids the action, 'invalid' for bad input.
 * @example applySectionAction(section, 'return', { reason: '数据需更新到6月底' })
 */
export function applySectionAction(section: Section, action: SectionAction, input: SectionActionInput = {}): Section {
  const next = nextSectionStatus(section.status, action);
  if (next === null) throw new DomainError('conflict', sectionRefusal(section.status, action));
  if (action === 'assign') {
    const bureauIds = [...new Set((input.bureauIds ?? []).map((b) => b.trim()).filter((b) => b !== ''))];
    if (bureauIds.length === 0) throw new DomainError('invalid', '请至少选择一个承办部门');
    return { ...section, status: next, bureauIds };
  }
  if (action === 'return') {
    const problem = reasonProblem(input.reason, '退回理由');
    if (problem !== null) throw new DomainError('invalid', problem);
  }
  return { ...section, status: next };
}

/** Input of applyReportAction: the reason of an unlock. */
export interface ReportActionInput {
  reason?: string;
}

/**
 * Applies `action` to a report and returns the new report; 'lock' increments `version`.
 * 'unlock' needs a reason (trimmed, ≤500 characters), which the caller records.
 * Whether every section is approved before 'merge' is checked by decide()/can(), not here.
 * Throws DomainError('conflict') when the state forbids the action, 'invalid' for bad input.
 */
export function applyReportAction(report: Report, action: ReportAction, input: ReportActionInput = {}): Report {
  const next = nextReportStatus(report.status, action);
  if (next === null) throw new DomainError('conflict', reportRefusal(report.status, action));
  if (action === 'unlock') {
    const problem = reasonProblem(input.reason, '解锁理由');
    if (problem !== null) throw new DomainError('invalid', problem);
  }
  return { ...report, status: next, version: action === 'lock' ? report.version + 1 : report.version };
}
