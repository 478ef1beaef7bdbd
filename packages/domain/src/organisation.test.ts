import { describe, expect, it } from 'vitest';
import { ORGANISATION_NAME_MAX, bureausProblem, organisationNameProblem } from './organisation.js';

describe('organisationNameProblem', () => {
  it('accepts a government name', () => {
    expect(organisationNameProblem('示例区人民政府')).toBeNull();
  });
  it('refuses an empty or blank name in Chinese', () => {
    expect(organisationNameProblem('')).toBe('单位名称不能为空');
    expect(organisationNameProblem('   ')).toBe('单位名称不能为空');
  });
  it('counts characters, not UTF-16 units, against the limit', () => {
    expect(organisationNameProblem('区'.repeat(ORGANISATION_NAME_MAX))).toBeNull();
    expect(organisationNameProblem('区'.repeat(ORGANISATION_NAME_MAX + 1))).toContain('不能超过');
    expect(organisationNameProblem('𠀀'.repeat(ORGANISATION_NAME_MAX))).toBeNull();
  });
  it('refuses control characters', () => {
    expect(organisationNameProblem('示例区\n人民政府')).toBe('单位名称不能包含控制字符');
  });
});

describe('bureausProblem', () => {
  const office = { name: '办公室', isOffice: true };
  it('accepts one office and distinct bureaus', () => {
    expect(bureausProblem([office, { name: '卫健局', isOffice: false }])).toBeNull();
  });
  it('needs an office', () => {
    expect(bureausProblem([{ name: '卫健局', isOffice: false }])).toContain('尚未设置办公室');
  });
  it('refuses a second office', () => {
    expect(bureausProblem([office, { name: '政府办', isOffice: true }])).toBe('一个单位只能有一个办公室');
  });
  it('refuses duplicate names', () => {
    expect(bureausProblem([office, { name: '卫健局', isOffice: false }, { name: '卫健局', isOffice: false }])).toBe('部门名称“卫健局”重复');
  });
});
