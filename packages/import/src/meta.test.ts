import { describe, expect, it } from 'vitest';
import { kindFromTitle, periodFromTitle } from './meta.js';

describe('periodFromTitle', () => {
  it.each([
    ['区2020年上半年工作总结及下半年工作计划', '2020年上半年'],
    ['2020年区政府上半年总结及下半年打算', '2020年上半年'],
    ['XX区2023年工作要点', '2023年'],
    ['XX县2021年工作总结', '2021年'],
    ['XX市2022年前三季度经济运行情况', '2022年前三季度'],
    ['二〇二三年政府工作报告', '二〇二三年'],
    ['XX区20XX年工作计划', '20XX年'],
    ['上半年工作总结', '上半年'],
    ['在区委X届X次全会第X次全体会议上的讲话', ''],
    ['', ''],
  ])('%s → %s', (title, period) => {
    expect(periodFromTitle(title)).toBe(period);
  });
});

describe('kindFromTitle', () => {
  it.each([
    ['区2020年上半年工作总结及下半年工作计划', 'half_year'],
    ['2020年区政府上半年总结及下半年打算', 'half_year'],
    ['XX市2020年上半年工作总结', 'half_year'],
    ['区2020年工作要点', 'work_points'],
    ['XX区2023年政府工作要点', 'work_points'],
    ['XX区2023年工作计划', 'work_points'],
    ['在区委X届X次全会第X次全体会议上的讲话', 'plenum_speech'],
    ['在全县经济工作会议上的讲话', 'plenum_speech'],
    ['XX区2023年政府工作报告', 'custom'],
    ['XX县2021年工作总结', 'custom'],
    ['', 'custom'],
  ])('%s → %s', (title, kind) => {
    expect(kindFromTitle(title)).toBe(kind);
  });
});
