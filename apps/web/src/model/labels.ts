import type { ReportStatus, Role, SectionStatus } from '../api/types';

/** Chinese names of section states. */
export const SECTION_STATUS_LABELS: Record<SectionStatus, string> = {
  not_started: '未开始',
  drafting: '编写中',
  submitted: '已提交',
  returned: '已退回',
  approved: '已通过',
};

/** Chinese names of report states. */
export const REPORT_STATUS_LABELS: Record<ReportStatus, string> = {
  drafting: '起草中',
  reviewing: '审核中',
  merging: '合稿中',
  locked: '已定稿',
};

/** Chinese names of roles. */
export const ROLE_LABELS: Record<Role, string> = {
  secretary: '办公室秘书',
  editor: '部门撰稿人',
  leader: '领导',
};

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
