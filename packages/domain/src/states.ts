/**
 * The one table of section and report states. Every rule about a state — its name, its phase, who
 * may write the text in it, what each action does from it (or why it is refused), and what the
 * report does next — is one entry here; workflow.ts, permissions.ts, the server and the web derive
 * everything else from these records. The records are exhaustive (`Record<State, …>`,
 * `Record<Action, …>`), so a new state is one edit here — its union member and its entry — and the
 * type checker names every place that must handle it (tests/guards/stateTable.test.ts proves it).
 *
 * This module imports nothing, so everything in the domain may import it.
 */

/** Lifecycle of one section: 未开始 → 编写中 → 已提交 → (已退回 → …) → 已通过. */
export type SectionStatus = 'not_started' | 'drafting' | 'submitted' | 'returned' | 'approved';

/** Lifecycle of a report: 起草中 → 审核中 → 合稿中 → 已定稿 (→ 解锁 → 合稿中 …). */
export type ReportStatus = 'drafting' | 'reviewing' | 'merging' | 'locked';

/** What the office or a bureau does to a section. */
export type SectionAction = 'assign' | 'submit' | 'approve' | 'return';

/** What the office does to a report. */
export type ReportAction = 'review' | 'merge' | 'lock' | 'unlock' | 'reopen';

/** The report steps a section step can cause (送审 on the first 提交, 重新审核 on reopening while merging). */
export type FollowingReportAction = Extract<ReportAction, 'review' | 'reopen'>;

/**
 * Where a section stands in the report's progress: not yet given to a bureau, being written by it,
 * handed in and waiting for the office, or done. Reminders, the board, progress bars and merge
 * readiness ask the phase, never a list of states.
 */
export type SectionPhase = 'unassigned' | 'writing' | 'review' | 'done';

/** What an action does from a state: the state it leads to, or why it is refused (Chinese, follows 「该章节当前为“X”，」 / 「报告当前为“X”，」). */
export type Step<S extends string> = { readonly to: S } | { readonly refused: string };

/** Whether someone may do something in a state: `true`, or the Chinese reason why not. */
export type Permit = true | string;

/** One section state. */
export interface SectionState {
  /** Chinese name (状态标签). */
  readonly label: string;
  readonly phase: SectionPhase;
  /**
   * Who may write the section's text in this state: its bureaus' writers (the office too, for a
   * section assigned to the office itself) and the office as reviewer.
   */
  readonly edit: { readonly bureau: Permit; readonly office: Permit };
  /** What each section action does from this state. */
  readonly on: Readonly<Record<SectionAction, Step<SectionStatus>>>;
}

/** One report state. */
export interface ReportState {
  /** Chinese name (状态标签). */
  readonly label: string;
  /** What each report action does from this state. */
  readonly on: Readonly<Record<ReportAction, Step<ReportStatus>>>;
  /** Whether the sections may be written, assigned, submitted and reviewed. */
  readonly sectionWork: Permit;
  /** Whether the office may change the outline. */
  readonly outline: Permit;
  /** Whether the office may edit the merged final draft (合稿). */
  readonly final: Permit;
  /**
   * The report step a section step causes in this state, or null: the first 提交 starts the review,
   * and returning an approved section while merging sends the report back to review. A section
   * step with a following report step is allowed even where `sectionWork` is refused.
   */
  readonly afterSection: Readonly<Record<SectionAction, FollowingReportAction | null>>;
}

const BUREAU_WRITING = '本章节正由部门编写，提交后办公室方可修改';
const NOT_SUBMITTED_APPROVE = '尚未提交，不能通过';
const NOT_SUBMITTED_RETURN = '尚未提交，不能退回';

/** The section states, in lifecycle order. */
export const SECTION_STATE: Readonly<Record<SectionStatus, SectionState>> = {
  not_started: {
    label: '未开始',
    phase: 'unassigned',
    edit: { bureau: '本章节尚未开始，暂不可编辑', office: '本章节尚未开始编写，部门提交后办公室方可修改' },
    on: {
      assign: { to: 'drafting' },
      submit: { refused: '尚未分配部门，不能提交' },
      approve: { refused: NOT_SUBMITTED_APPROVE },
      return: { refused: NOT_SUBMITTED_RETURN },
    },
  },
  drafting: {
    label: '编写中',
    phase: 'writing',
    edit: { bureau: true, office: BUREAU_WRITING },
    on: {
      // Re-assigning only changes the bureaus.
      assign: { to: 'drafting' },
      submit: { to: 'submitted' },
      approve: { refused: NOT_SUBMITTED_APPROVE },
      return: { refused: NOT_SUBMITTED_RETURN },
    },
  },
  submitted: {
    label: '已提交',
    phase: 'review',
    edit: { bureau: '本章节已提交，等待办公室审核，暂不可编辑', office: true },
    on: {
      assign: { to: 'submitted' },
      submit: { refused: '不能再次提交' },
      approve: { to: 'approved' },
      return: { to: 'returned' },
    },
  },
  returned: {
    label: '已退回',
    phase: 'writing',
    edit: { bureau: true, office: BUREAU_WRITING },
    on: {
      assign: { to: 'returned' },
      submit: { to: 'submitted' },
      approve: { refused: '需部门修改后重新提交，不能通过' },
      return: { refused: '不能再次退回' },
    },
  },
  approved: {
    label: '已通过',
    phase: 'done',
    edit: { bureau: '本章节已通过审核，不能再编辑', office: '本章节已通过审核，如需修改请先退回' },
    on: {
      // An approved section must be reopened (returned) before it is re-assigned.
      assign: { refused: '不能重新分配，如需调整请先退回' },
      submit: { refused: '已审核通过，不能再提交' },
      approve: { refused: '不能再次通过' },
      // Returning an approved section reopens it.
      return: { to: 'returned' },
    },
  },
};

const REPORT_LOCKED = '报告已定稿，不能修改';
const NOT_LOCKED = '尚未定稿，无需解锁';
const MERGE_FIRST = '请先合稿再定稿';
const NO_REPORT_STEP: Readonly<Record<SectionAction, FollowingReportAction | null>> = { assign: null, submit: null, approve: null, return: null };

/** The report states, in lifecycle order. */
export const REPORT_STATE: Readonly<Record<ReportStatus, ReportState>> = {
  drafting: {
    label: '起草中',
    on: {
      review: { to: 'reviewing' },
      merge: { to: 'merging' },
      lock: { refused: MERGE_FIRST },
      unlock: { refused: NOT_LOCKED },
      reopen: { refused: '尚未合稿，无需重新审核' },
    },
    sectionWork: true,
    outline: true,
    final: '报告尚未进入合稿阶段，暂无合稿可修改',
    afterSection: { ...NO_REPORT_STEP, submit: 'review' },
  },
  reviewing: {
    label: '审核中',
    on: {
      review: { refused: '不能再次送审' },
      merge: { to: 'merging' },
      lock: { refused: MERGE_FIRST },
      unlock: { refused: NOT_LOCKED },
      reopen: { refused: '已在审核中' },
    },
    sectionWork: true,
    outline: true,
    final: '报告正在审核中，合稿暂不可修改；章节全部通过后再合稿',
    afterSection: NO_REPORT_STEP,
  },
  merging: {
    label: '合稿中',
    on: {
      review: { refused: '已进入合稿，不能送审' },
      merge: { refused: '不能再次合稿' },
      lock: { to: 'locked' },
      unlock: { refused: NOT_LOCKED },
      // Merging again afterwards re-merges what changed.
      reopen: { to: 'reviewing' },
    },
    sectionWork: '报告正在合稿，各章节已不可修改',
    outline: '报告正在合稿，不能调整大纲',
    final: true,
    afterSection: { ...NO_REPORT_STEP, return: 'reopen' },
  },
  locked: {
    label: '已定稿',
    on: {
      review: { refused: '不能送审，如需修改请先解锁' },
      merge: { refused: '不能合稿，如需修改请先解锁' },
      lock: { refused: '不能重复定稿' },
      unlock: { to: 'merging' },
      reopen: { refused: '已定稿，如需修改请先解锁' },
    },
    sectionWork: REPORT_LOCKED,
    outline: REPORT_LOCKED,
    final: REPORT_LOCKED,
    afterSection: NO_REPORT_STEP,
  },
};

/** Every section status, in lifecycle order. */
export const SECTION_STATUSES = Object.keys(SECTION_STATE) as readonly SectionStatus[];

/** Every report status, in lifecycle order. */
export const REPORT_STATUSES = Object.keys(REPORT_STATE) as readonly ReportStatus[];

/** The phase of a section state. */
export function sectionPhase(status: SectionStatus): SectionPhase {
  return SECTION_STATE[status].phase;
}

/** True while the section's bureaus still owe their text (未开始, 编写中, 已退回): reminders and 催办 apply. */
export function isStillWriting(status: SectionStatus): boolean {
  const phase = sectionPhase(status);
  return phase === 'unassigned' || phase === 'writing';
}

/** True once the bureau has handed the text in (已提交, 已通过): its due date no longer presses. */
export function isHandedIn(status: SectionStatus): boolean {
  const phase = sectionPhase(status);
  return phase === 'review' || phase === 'done';
}

/** True when the section is done (已通过): merging needs every leaf section here. */
export function isDone(status: SectionStatus): boolean {
  return sectionPhase(status) === 'done';
}

/** True when the office reviews the section in this state (已提交): 通过 and 退回 apply. */
export function isAwaitingReview(status: SectionStatus): boolean {
  return sectionPhase(status) === 'review';
}
