import { REPORT_STATUS_LABEL, ROLE_LABEL, SECTION_STATUS_LABEL } from '@hegao/domain';
import type { ReportStatus, Role, SectionStatus } from '../api/types';

/** Chinese names of section states (the domain's, so web and server never disagree). */
export const SECTION_STATUS_LABELS: Record<SectionStatus, string> = SECTION_STATUS_LABEL;

/** Chinese names of report states. */
export const REPORT_STATUS_LABELS: Record<ReportStatus, string> = REPORT_STATUS_LABEL;

/** Chinese names of roles. */
export const ROLE_LABELS: Record<Role, string> = ROLE_LABEL;

/** Label of a section state; unknown states (a newer server) show as 未知状态. */
export function sectionStatusLabel(status: string): string {
  return lookup(SECTION_STATUS_LABELS, status);
}

/** Label of a report state; unknown states show as 未知状态. */
export function reportStatusLabel(status: string): string {
  return lookup(REPORT_STATUS_LABELS, status);
}

/** Label of a role; unknown roles show as 未知角色. */
export function roleLabel(role: string): string {
  return Object.hasOwn(ROLE_LABELS, role) ? ROLE_LABELS[role as Role] : '未知角色';
}

function lookup(labels: Record<string, string>, key: string): string {
  return Object.hasOwn(labels, key) ? (labels[key] ?? '未知状态') : '未知状态';
}
