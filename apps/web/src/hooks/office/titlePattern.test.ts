import { describe, expect, it } from 'vitest';
import { fillPattern, isoDate, patternValues, suggestTitle } from './titlePattern';

describe('fillPattern', () => {
  it('fills every known placeholder, repeated ones too, and leaves unknown ones', () => {
    expect(fillPattern('{地区}{年份}年工作要点', { 地区: '示例区', 年份: '2021' })).toBe('示例区2021年工作要点');
    expect(fillPattern('{年份}年上半年（{年份}）', { 年份: '2021' })).toBe('2021年上半年（2021）');
    expect(fillPattern('在{地区}委{届次}全体会议上的讲话', { 地区: '示例区' })).toBe('在示例区委{届次}全体会议上的讲话');
    expect(fillPattern('{toString}{}', {})).toBe('{toString}{}');
  });
});

describe('suggestTitle', () => {
  const today = new Date(2021, 5, 15);

  it('uses 示例区 and the current year', () => {
    expect(patternValues(today)).toMatchObject({ 地区: '示例区', 年份: '2021' });
    expect(suggestTitle({ titlePattern: '{地区}{年份}年上半年工作总结及下半年工作计划', periodPattern: '{年份}年上半年' }, today)).toEqual({
      title: '示例区2021年上半年工作总结及下半年工作计划',
      period: '2021年上半年',
    });
  });

  it('leaves the 届次 of a plenum as X for the secretary', () => {
    expect(suggestTitle({ titlePattern: '在{地区}委{届次}全体会议上的讲话', periodPattern: '{年份}年上半年' }, today).title).toBe(
      '在示例区委X届X次全体会议上的讲话',
    );
  });
});

describe('isoDate', () => {
  it('formats the local date, moved by days across months and years', () => {
    expect(isoDate(new Date(2021, 0, 5, 23, 30))).toBe('2021-01-05');
    expect(isoDate(new Date(2021, 11, 25), 14)).toBe('2022-01-08');
    expect(isoDate(new Date(2020, 1, 28), 1)).toBe('2020-02-29');
  });
});
