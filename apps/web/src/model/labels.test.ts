import { describe, expect, it } from 'vitest';
import { reportStatusLabel, roleLabel, sectionStatusLabel } from './labels';

describe('labels', () => {
  it('names section states', () => {
    expect(['not_started', 'drafting', 'submitted', 'returned', 'approved'].map(sectionStatusLabel)).toEqual([
      '未开始',
      '编写中',
      '已提交',
      '已退回',
      '已通过',
    ]);
  });

  it('names report states', () => {
    expect(['drafting', 'reviewing', 'merging', 'locked'].map(reportStatusLabel)).toEqual(['起草中', '审核中', '合稿中', '已定稿']);
  });

  it('names roles', () => {
    expect(['secretary', 'editor', 'leader'].map(roleLabel)).toEqual(['办公室秘书', '部门撰稿人', '领导']);
  });

  it('does not leak unknown or prototype keys', () => {
    expect(sectionStatusLabel('archived')).toBe('未知状态');
    expect(reportStatusLabel('toString')).toBe('未知状态');
    expect(roleLabel('constructor')).toBe('未知角色');
  });
});
