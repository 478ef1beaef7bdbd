import { ALLOW, deny } from './errors.js';
import type { Decision } from './errors.js';
import { reasonProblem } from './reason.js';
import { isRole } from './types.js';
import { REPORT_STATE, SECTION_STATE } from './states.js';
import type { Permit, SectionPhase } from './states.js';
import { nextRemindAt, remindTooSoonReason } from './remind.js';
import type { Actor, Report, Section } from './types.js';
import { nextReportStatus, nextSectionStatus, reportRefusal, reportStepAfter, sectionRefusal } from './workflow.js';
import type { ReportAction, SectionAction } from './workflow.js';

/** Everything a user can attempt; decide() answers for each. */
export type Action =
  | 'report.read'
  | 'report.create'
  | 'report.editOutline'
  | 'report.review'
  | 'report.merge'
  | 'report.lock'
  | 'report.unlock'
  | 'report.editFinal'
  | 'report.export'
  | 'section.read'
  | 'section.edit'
  | 'section.submit'
  | 'section.assign'
  | 'section.approve'
  | 'section.return'
  | 'section.remind'
  | 'section.comment'
  | 'comment.resolve'
  | 'org.manage';

/** Every action, in the order of the Action type. */
export const ACTIONS: readonly Action[] = [
  'report.read',
  'report.create',
  'report.editOutline',
  'report.review',
  'report.merge',
  'report.lock',
  'report.unlock',
  'report.editFinal',
  'report.export',
  'section.read',
  'section.edit',
  'section.submit',
  'section.assign',
  'section.approve',
  'section.return',
  'section.remind',
  'section.comment',
  'comment.resolve',
  'org.manage',
];

/** What decide() needs to know about the target; give what the action concerns (section actions also check the report if given). */
export interface Resource {
  report?: Pick<Report, 'status'>;
  section?: Pick<Section, 'status' | 'bureauIds'>;
  sectionsAllApproved?: boolean;
  reason?: string;
  /** The comment thread acted on (comment.resolve): who opened it. */
  comment?: { authorId: string };
  /** 催办 (section.remind): when the section was last reminded (epoch ms; null: never). */
  remindedAt?: number | null;
  /** 催办 (section.remind): the time of the request (epoch ms), for the once-an-hour limit. */
  now?: number;
}

/** Who is acting; a full User (with `disabled`) may be passed, null/undefined means not signed in. */
export type DecisionActor = (Actor & { disabled?: boolean }) | null | undefined;

const LEADER_READ_ONLY = '领导账号只能阅读和批示，不能编辑';
const NOT_OUR_BUREAU = '本章节未分配给您所在的部门';

// Office-only actions, as the object of 「只有办公室秘书可以…」.
const OFFICE_ONLY_LABEL: Partial<Record<Action, string>> = {
  'report.create': '创建报告',
  'report.editOutline': '调整报告大纲',
  'report.review': '将报告送审',
  'report.merge': '合稿',
  'report.lock': '定稿',
  'report.unlock': '解锁已定稿的报告',
  'report.editFinal': '修改合稿',
  'report.export': '导出报告',
  'section.assign': '分配章节',
  'section.approve': '审核通过章节',
  'section.return': '退回章节',
  'section.remind': '催办章节',
  'org.manage': '管理部门和账号',
};

type ValidActor = Actor & { disabled?: boolean };
type Rule = (actor: ValidActor, resource: Resource, action: Action) => Decision;

/** Refuses anyone but a secretary, with a message fitting the actor's role. */
function officeOnly(actor: ValidActor, action: Action): Decision | null {
  if (actor.role === 'secretary') return null;
  if (actor.role === 'leader') return deny('forbidden', LEADER_READ_ONLY);
  return deny('forbidden', `只有办公室秘书可以${OFFICE_ONLY_LABEL[action] ?? '执行此操作'}`);
}

/** A permit of the state table as a decision: null when allowed, a conflict naming why not. */
function permitted(permit: Permit | undefined): Decision | null {
  if (permit === undefined) return deny('invalid', '状态无效');
  return permit === true ? null : deny('conflict', permit);
}

/** Refuses section work where the report's state does not allow it (the state table's `sectionWork`). */
function reportAllowsSectionWork(report: Resource['report']): Decision | null {
  return report ? permitted(REPORT_STATE[report.status]?.sectionWork) : null;
}

/** Refuses a missing or unacceptable reason. */
function needsReason(reason: string | undefined, what: string): Decision | null {
  const problem = reasonProblem(reason, what);
  return problem === null ? null : deny('invalid', problem);
}

/** Office rule for a section state transition (assign, approve, return). */
function officeSectionTransition(action: SectionAction): Rule {
  return (actor, { section, report, reason }, name) => {
    const refused = officeOnly(actor, name);
    if (refused) return refused;
    if (!section) return deny('invalid', '缺少章节信息，无法判断权限');
    // A step the report follows (e.g. reopening an approved section while merging) is allowed
    // where other section work is not: the report moves with it.
    const reportFollows = report !== undefined && reportStepAfter(action, report.status) !== null;
    return (
      (reportFollows ? null : reportAllowsSectionWork(report)) ??
      (nextSectionStatus(section.status, action) === null ? deny('conflict', sectionRefusal(section.status, action)) : null) ??
      (action === 'return' ? needsReason(reason, '退回理由') : null) ??
      ALLOW
    );
  };
}

/** Whether a section in a phase can be reminded: only while its bureau is writing it. */
const REMIND_BY_PHASE: Readonly<Record<SectionPhase, Permit>> = {
  unassigned: '本章节尚未分配承办部门，无需催办',
  writing: true,
  review: '本章节已提交，等待办公室审核，无需催办',
  done: '本章节已通过审核，无需催办',
};

/**
 * 催办: the office reminds the bureaus of a section they are still writing, at most once an hour
 * per section (`remindedAt`, `now` required; within the hour the refusal is 'too_soon' and says
 * when it may be done again).
 */
const remindSection: Rule = (actor, { section, report, remindedAt, now }, name) => {
  const refused = officeOnly(actor, name);
  if (refused) return refused;
  if (!section) return deny('invalid', '缺少章节信息，无法判断权限');
  if (remindedAt === undefined || now === undefined) return deny('invalid', '缺少催办记录，无法判断能否催办');
  const state = SECTION_STATE[section.status];
  if (!state) return deny('invalid', '章节状态无效');
  return (
    reportAllowsSectionWork(report) ??
    permitted(REMIND_BY_PHASE[state.phase]) ??
    (section.bureauIds.length === 0 ? deny('conflict', REMIND_BY_PHASE.unassigned as string) : null) ??
    (remindedAt !== null && now < nextRemindAt(remindedAt) ? deny('too_soon', remindTooSoonReason(remindedAt, now)) : null) ??
    ALLOW
  );
};

/** Office rule for a report state transition (review, merge, lock, unlock). */
function officeReportTransition(action: ReportAction): Rule {
  return (actor, resource, name) => {
    const report = resource.report;
    if (!report) return officeOnly(actor, name) ?? deny('invalid', '缺少报告信息，无法判断权限');
    return (
      officeOnly(actor, name) ??
      (nextReportStatus(report.status, action) === null ? deny('conflict', reportRefusal(report.status, action)) : null) ??
      (action === 'merge' ? mergeReady(resource.sectionsAllApproved) : null) ??
      (action === 'unlock' ? needsReason(resource.reason, '解锁理由') : null) ??
      ALLOW
    );
  };
}

/** Refuses a merge unless every section is known to be approved. */
function mergeReady(sectionsAllApproved: boolean | undefined): Decision | null {
  if (sectionsAllApproved === undefined) return deny('invalid', '缺少章节审核情况，无法判断能否合稿');
  return sectionsAllApproved ? null : deny('conflict', '还有章节未通过审核，不能合稿');
}

/** Office rule that only needs the role. */
const officeAnytime: Rule = (actor, _resource, name) => officeOnly(actor, name) ?? ALLOW;

/** Anyone signed in with a valid role. */
const everyone: Rule = () => ALLOW;

/** Secretary may edit a report's outline while it is drafting or reviewing. */
const editOutline: Rule = (actor, { report }, name) => {
  const refused = officeOnly(actor, name);
  if (refused) return refused;
  if (!report) return deny('invalid', '缺少报告信息，无法判断权限');
  return permitted(REPORT_STATE[report.status]?.outline) ?? ALLOW;
};

/** Secretary may edit the merged final draft while the report is merging. */
const editFinal: Rule = (actor, { report }, name) => {
  const refused = officeOnly(actor, name);
  if (refused) return refused;
  if (!report) return deny('invalid', '缺少报告信息，无法判断权限');
  return permitted(REPORT_STATE[report.status]?.final) ?? ALLOW;
};

/**
 * Who writes a section's text is the state table's `edit`: its bureaus' writers (and the office,
 * for a section assigned to the office itself) where `edit.bureau` allows, the office as reviewer
 * where `edit.office` allows; leaders never.
 */
const editSection: Rule = (actor, { section, report }) => {
  if (actor.role === 'leader') return deny('forbidden', LEADER_READ_ONLY);
  if (!section) return deny('invalid', '缺少章节信息，无法判断权限');
  const state = SECTION_STATE[section.status];
  if (!state) return deny('invalid', '章节状态无效');
  // A section assigned to the office's own bureau (存在问题和不足, a speech's 导语…) is written by the
  // secretaries like any bureau writes its own; they then review it as usual.
  const officeWritesAsBureau = writesAsBureau(actor, section.bureauIds) && state.edit.bureau === true;
  if (actor.role === 'secretary' && !officeWritesAsBureau) {
    return reportAllowsSectionWork(report) ?? permitted(state.edit.office) ?? ALLOW;
  }
  return ownBureau(actor, section.bureauIds) ?? reportAllowsSectionWork(report) ?? permitted(state.edit.bureau) ?? ALLOW;
};

/** Bureau editors submit their own drafting/returned sections. */
const submitSection: Rule = (actor, { section, report }) => {
  if (actor.role === 'leader') return deny('forbidden', LEADER_READ_ONLY);
  if (!section) return deny('invalid', '缺少章节信息，无法判断权限');
  if (actor.role === 'secretary' && !writesAsBureau(actor, section.bureauIds)) {
    return deny('forbidden', '章节由承办部门提交，办公室秘书不能代为提交');
  }
  return (
    ownBureau(actor, section.bureauIds) ??
    reportAllowsSectionWork(report) ??
    (nextSectionStatus(section.status, 'submit') === null ? deny('conflict', sectionRefusal(section.status, 'submit')) : null) ??
    ALLOW
  );
};

/** True when a secretary's own bureau (the office) is among the section's bureaus. */
function writesAsBureau(actor: ValidActor, bureauIds: readonly string[]): boolean {
  return actor.bureauId !== null && actor.bureauId !== undefined && bureauIds.includes(actor.bureauId);
}

/**
 * Resolving or reopening a comment thread: its author (a leader handles their own 批示), the
 * secretary, or an editor of a bureau the section is assigned to (none for the final draft:
 * give `section.bureauIds` as []).
 */
const resolveComment: Rule = (actor, { comment, section }) => {
  if (!comment) return deny('invalid', '缺少批注信息，无法判断权限');
  if (comment.authorId === actor.id) return ALLOW;
  if (actor.role === 'secretary') return ALLOW;
  if (actor.role === 'leader') return deny('forbidden', '领导只能处理自己的批示');
  if (actor.bureauId !== null && actor.bureauId !== undefined && (section?.bureauIds ?? []).includes(actor.bureauId)) return ALLOW;
  return deny('forbidden', '只有批注作者、办公室秘书或本章节的承办部门可以处理此批注');
};

/** Refuses an editor whose bureau is not among the section's bureaus. */
function ownBureau(actor: ValidActor, bureauIds: readonly string[]): Decision | null {
  if (actor.bureauId === null || actor.bureauId === undefined) {
    return deny('forbidden', '您的账号未归属任何部门，不能编辑章节');
  }
  return bureauIds.includes(actor.bureauId) ? null : deny('forbidden', NOT_OUR_BUREAU);
}

const RULES: Record<Action, Rule> = {
  'report.read': everyone,
  'report.create': officeAnytime,
  'report.editOutline': editOutline,
  'report.review': officeReportTransition('review'),
  'report.merge': officeReportTransition('merge'),
  'report.lock': officeReportTransition('lock'),
  'report.unlock': officeReportTransition('unlock'),
  'report.editFinal': editFinal,
  'report.export': officeAnytime,
  'section.read': everyone,
  'section.edit': editSection,
  'section.submit': submitSection,
  'section.assign': officeSectionTransition('assign'),
  'section.approve': officeSectionTransition('approve'),
  'section.return': officeSectionTransition('return'),
  'section.remind': remindSection,
  'section.comment': everyone,
  'comment.resolve': resolveComment,
  'org.manage': officeAnytime,
};

/**
 * Decides whether `actor` may perform `action` on `resource`; the one place permissions are decided.
 * Checks run in order: who (→ 'forbidden'), missing resource info (→ 'invalid'), state (→ 'conflict'),
 * reason (→ 'invalid'); so a refusal with code 'invalid' on return/unlock means "allowed once a reason is given".
 * @example decide(user, 'section.edit', { report, section }) // { ok: false, code: 'conflict', reason: '本章节已提交，等待办公室审核，暂不可编辑' }
 */
export function decide(actor: DecisionActor, action: Action, resource: Resource = {}): Decision {
  if (!actor) return deny('forbidden', '请先登录');
  if (actor.disabled === true) return deny('forbidden', '账号已停用，无权操作');
  if (!isRole(actor.role)) return deny('forbidden', '账号角色无效，无权操作');
  const rule = Object.hasOwn(RULES, action) ? RULES[action] : undefined;
  if (!rule) return deny('forbidden', '未知的操作，无权执行');
  return rule(actor, resource, action);
}

/** True if decide() allows the action. */
export function can(actor: DecisionActor, action: Action, resource?: Resource): boolean {
  return decide(actor, action, resource).ok;
}
