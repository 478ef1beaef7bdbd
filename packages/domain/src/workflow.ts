import { DomainError } from './errors.js';
import { reasonProblem } from './reason.js';
import { REPORT_STATE, SECTION_STATE } from './states.js';
import type { FollowingReportAction, ReportAction, ReportStatus, SectionAction, SectionStatus, Step } from './states.js';
import { REPORT_STATUS_LABEL, SECTION_STATUS_LABEL } from './types.js';
import type { Report, Section } from './types.js';

export type { ReportAction, SectionAction } from './states.js';

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

function target<S extends string>(step: Step<S> | undefined): S | null {
  return step !== undefined && 'to' in step ? step.to : null;
}

function refusal(step: Step<string> | undefined): string | null {
  return step !== undefined && 'refused' in step ? step.refused : null;
}

/** Status after `action`, or null when the action is not allowed from `current` (or either is unknown). */
export function nextSectionStatus(current: SectionStatus, action: SectionAction): SectionStatus | null {
  return target(SECTION_STATE[current]?.on[action]);
}

/** Status after `action`, or null when the action is not allowed from `current` (or either is unknown). */
export function nextReportStatus(current: ReportStatus, action: ReportAction): ReportStatus | null {
  return target(REPORT_STATE[current]?.on[action]);
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
  const tail = refusal(SECTION_STATE[current]?.on[action]) ?? `不能${SECTION_ACTION_LABEL[action] ?? '执行此操作'}`;
  return `该章节当前为“${SECTION_STATUS_LABEL[current] ?? current}”，${tail}`;
}

/** Chinese explanation, naming the current state, of why `action` is refused on a report. */
export function reportRefusal(current: ReportStatus, action: ReportAction): string {
  const tail = refusal(REPORT_STATE[current]?.on[action]) ?? `不能${REPORT_ACTION_LABEL[action] ?? '执行此操作'}`;
  return `报告当前为“${REPORT_STATUS_LABEL[current] ?? current}”，${tail}`;
}

/** The report step that `action` on a section causes in a report of `status` (送审 on the first 提交, 重新审核 on reopening while merging), or null. */
export function reportStepAfter(action: SectionAction, status: ReportStatus): FollowingReportAction | null {
  return REPORT_STATE[status]?.afterSection[action] ?? null;
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
