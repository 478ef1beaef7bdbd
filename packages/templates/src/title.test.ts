import { describe, expect, it } from 'vitest';
import { renderPattern } from './title.js';

describe('renderPattern', () => {
  it('fills known placeholders and keeps unknown ones', () => {
    expect(renderPattern('{地区}{年份}年上半年工作总结及下半年工作计划', { 地区: '示例区', 年份: '2021' })).toBe(
      '示例区2021年上半年工作总结及下半年工作计划',
    );
    expect(renderPattern('在{地区}委{届次}全体会议上的讲话', { 地区: '示例区' })).toBe('在示例区委{届次}全体会议上的讲话');
  });

  it('does not read inherited properties', () => {
    expect(renderPattern('{toString}', {})).toBe('{toString}');
  });
});
