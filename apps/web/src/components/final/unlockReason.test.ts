import { describe, expect, it } from 'vitest';
import { UNLOCK_REASON_MAX, reasonLength, unlockReasonProblem } from './unlockReason';

describe('unlockReasonProblem', () => {
  it('requires a reason', () => {
    expect(unlockReasonProblem('')).toBe('请填写解锁理由');
    expect(unlockReasonProblem(' \n ')).toBe('请填写解锁理由');
  });

  it('accepts up to the limit, trimmed', () => {
    expect(unlockReasonProblem('根据区长批示补充数据')).toBe('');
    expect(unlockReasonProblem(` ${'字'.repeat(UNLOCK_REASON_MAX)} `)).toBe('');
    expect(unlockReasonProblem('字'.repeat(UNLOCK_REASON_MAX + 1))).toBe('解锁理由不能超过500字');
  });
});

describe('reasonLength', () => {
  it('counts trimmed code points', () => {
    expect(reasonLength(' 𠀀好 ')).toBe(2);
  });
});
