import { describe, expect, it } from 'vitest';
import { REASON_MAX_LENGTH, reasonProblem } from './reason.js';

describe('reasonProblem', () => {
  it('accepts a trimmed, non-empty reason up to the limit', () => {
    expect(REASON_MAX_LENGTH).toBe(500);
    expect(reasonProblem('数据有误')).toBeNull();
    expect(reasonProblem(`  ${'字'.repeat(500)}  `)).toBeNull();
  });

  it.each([undefined, null, '', '   ', '\n\t'])('asks for a missing reason (%j)', (reason) => {
    expect(reasonProblem(reason, '退回理由')).toBe('请填写退回理由');
  });

  it('refuses an over-long reason, counting characters not UTF-16 units', () => {
    expect(reasonProblem('字'.repeat(501))).toBe('理由不能超过500字');
    expect(reasonProblem('𠀀'.repeat(500))).toBeNull();
  });
});
