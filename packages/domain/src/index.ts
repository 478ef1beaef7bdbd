// Public surface of @hegao/domain: pure rules of 合稿 (types, numbering, outline editing, workflow, permissions).
export type { Actor, Bureau, Report, ReportStatus, Role, Section, SectionStatus, TemplateKind, User } from './types.js';
export {
  REPORT_STATUSES,
  REPORT_STATUS_LABEL,
  ROLES,
  ROLE_LABEL,
  SECTION_STATUSES,
  SECTION_STATUS_LABEL,
  TEMPLATE_KINDS,
  TEMPLATE_KIND_LABEL,
  isReportStatus,
  isRole,
  isSectionStatus,
  isTemplateKind,
} from './types.js';

export type { FollowingReportAction, Permit, ReportState, SectionPhase, SectionState, Step } from './states.js';
export { REPORT_STATE, SECTION_STATE, isAwaitingReview, isDone, isHandedIn, isStillWriting, sectionPhase } from './states.js';

export type { Organisation } from './organisation.js';
export { ORGANISATION_NAME_MAX, bureausProblem, organisationNameProblem } from './organisation.js';

export type { Decision, DecisionCode } from './errors.js';
export { ALLOW, DomainError, assertAllowed, deny, isDomainError } from './errors.js';

export { REASON_MAX_LENGTH, reasonProblem } from './reason.js';

export type { NumberedNode, OutlineNode } from './numbering.js';
export { chineseNumeral, headingNumber, numberOutline } from './numbering.js';

export { descendantIds, insertNode, moveNode, removeNode } from './outline.js';

export type { ReportAction, ReportActionInput, SectionAction, SectionActionInput } from './workflow.js';
export {
  REPORT_ACTIONS,
  REPORT_ACTION_LABEL,
  SECTION_ACTIONS,
  SECTION_ACTION_LABEL,
  allowedReportActions,
  allowedSectionActions,
  applyReportAction,
  applySectionAction,
  nextReportStatus,
  nextSectionStatus,
  reportRefusal,
  reportStepAfter,
  sectionRefusal,
} from './workflow.js';

export type { Action, DecisionActor, Resource } from './permissions.js';
export { ACTIONS, can, decide } from './permissions.js';

export { DUE_DATE_TIME_ZONE, addDays, calendarDate, daysBetween, msUntilNextDay } from './calendar.js';
export { effectiveDueDate } from './dueDate.js';
export { REMIND_INTERVAL_MS, nextRemindAt, remindClock, remindTooSoonReason } from './remind.js';

export { parseLengthLimit } from './lengthLimit.js';
export type { SubmitFacts } from './submitCheck.js';
export { approveWarnings, submitProblems, submitWarnings } from './submitCheck.js';
export { LEADER_COLOR, personColor } from './personColor.js';
export type { MentionCandidate } from './mentions.js';
export { findMentions } from './mentions.js';
export type { BureauRule } from './bureauRules.js';
export { BUREAU_RULES, proposeBureau } from './bureauRules.js';
