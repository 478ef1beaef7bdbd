import { REPORT_STATE, REPORT_STATUSES, SECTION_STATE, SECTION_STATUSES } from './states.js';
import type { ReportStatus, SectionStatus } from './states.js';

/** Account role: office secretary (办公室秘书), bureau editor (部门撰稿人) or leader (领导). */
export type Role = 'secretary' | 'editor' | 'leader';

/** Every role, in display order. */
export const ROLES: readonly Role[] = ['secretary', 'editor', 'leader'];

/** Chinese display name of each role. */
export const ROLE_LABEL: Record<Role, string> = {
  secretary: '办公室秘书',
  editor: '部门撰稿人',
  leader: '领导',
};

/** A bureau (部门/局); exactly one is the general office (办公室). */
export interface Bureau {
  id: string;
  name: string;
  isOffice: boolean;
  color: string;
}

/** A user account; editors belong to one bureau, leaders usually to none. */
export interface User {
  id: string;
  username: string;
  name: string;
  role: Role;
  bureauId: string | null;
  disabled: boolean;
}

/** The part of a user that permission decisions look at. */
export type Actor = Pick<User, 'id' | 'role' | 'bureauId'>;


// The states themselves live in states.ts, the one table of states; these are its names.
export type { ReportStatus, SectionStatus } from './states.js';
export { REPORT_STATUSES, SECTION_STATUSES } from './states.js';

/** Chinese display name of each section status. */
export const SECTION_STATUS_LABEL = labels(SECTION_STATE);

/** Chinese display name of each report status. */
export const REPORT_STATUS_LABEL = labels(REPORT_STATE);

function labels<S extends string>(table: Readonly<Record<S, { label: string }>>): Record<S, string> {
  return Object.fromEntries(Object.entries<{ label: string }>(table).map(([status, state]) => [status, state.label])) as Record<S, string>;
}

/** Which template a report was created from. */
export type TemplateKind = 'half_year' | 'work_points' | 'plenum_speech' | 'custom';

/** Every template kind. */
export const TEMPLATE_KINDS: readonly TemplateKind[] = ['half_year', 'work_points', 'plenum_speech', 'custom'];

/** Chinese display name of each template kind. */
export const TEMPLATE_KIND_LABEL: Record<TemplateKind, string> = {
  half_year: '半年工作总结及计划',
  work_points: '工作要点',
  plenum_speech: '全会讲话',
  custom: '自定义',
};

/** A report written jointly by several bureaus; `version` counts the versions locked so far. */
export interface Report {
  id: string;
  title: string;
  period: string;
  kind: TemplateKind;
  dueDate: string | null;
  status: ReportStatus;
  version: number;
}

/** One node of a report's outline; `position` orders siblings under `parentId`. */
export interface Section {
  id: string;
  reportId: string;
  parentId: string | null;
  position: number;
  title: string;
  bureauIds: string[];
  status: SectionStatus;
  dueDate: string | null;
  instruction: string;
}

/** True if `value` is a known role (e.g. when reading a database row). */
export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

/** True if `value` is a known section status. */
export function isSectionStatus(value: unknown): value is SectionStatus {
  return typeof value === 'string' && (SECTION_STATUSES as readonly string[]).includes(value);
}

/** True if `value` is a known report status. */
export function isReportStatus(value: unknown): value is ReportStatus {
  return typeof value === 'string' && (REPORT_STATUSES as readonly string[]).includes(value);
}

/** True if `value` is a known template kind. */
export function isTemplateKind(value: unknown): value is TemplateKind {
  return typeof value === 'string' && (TEMPLATE_KINDS as readonly string[]).includes(value);
}
