import { describe, expect, it } from 'vitest';
import {
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

describe('labels', () => {
  it('names every state and role in Chinese', () => {
    expect(SECTION_STATUS_LABEL).toEqual({
      not_started: '未开始',
      drafting: '编写中',
      submitted: '已提交',
      returned: '已退回',
      approved: '已通过',
    });
    expect(REPORT_STATUS_LABEL).toEqual({ drafting: '起草中', reviewing: '审核中', merging: '合稿中', locked: '已定稿' });
    expect(ROLE_LABEL).toEqual({ secretary: '办公室秘书', editor: '部门撰稿人', leader: '领导' });
    expect(Object.keys(TEMPLATE_KIND_LABEL)).toEqual([...TEMPLATE_KINDS]);
  });

  it('lists match the label keys', () => {
    expect([...SECTION_STATUSES]).toEqual(Object.keys(SECTION_STATUS_LABEL));
    expect([...REPORT_STATUSES]).toEqual(Object.keys(REPORT_STATUS_LABEL));
    expect([...ROLES]).toEqual(Object.keys(ROLE_LABEL));
  });
});

describe('guards', () => {
  it('accept known values only', () => {
    expect(isRole('leader')).toBe(true);
    expect(isRole('admin')).toBe(false);
    expect(isRole(undefined)).toBe(false);
    expect(isSectionStatus('returned')).toBe(true);
    expect(isSectionStatus('locked')).toBe(false);
    expect(isReportStatus('locked')).toBe(true);
    expect(isReportStatus('approved')).toBe(false);
    expect(isTemplateKind('plenum_speech')).toBe(true);
    expect(isTemplateKind('toString')).toBe(false);
  });
});
