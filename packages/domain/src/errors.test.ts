import { describe, expect, it } from 'vitest';
import { ALLOW, DomainError, assertAllowed, deny, isDomainError } from './errors.js';
import { thrown } from './test/thrown.js';

describe('DomainError', () => {
  it('carries a code and a Chinese message', () => {
    const error = new DomainError('conflict', '报告已定稿，不能修改');
    expect(error).toBeInstanceOf(Error);
    expect(error).toMatchObject({ name: 'DomainError', code: 'conflict', message: '报告已定稿，不能修改' });
    expect(isDomainError(error)).toBe(true);
  });

  it('is recognised by shape when it comes from another copy of the module', () => {
    const foreign = Object.assign(new Error('x'), { name: 'DomainError', code: 'invalid' });
    expect(isDomainError(foreign)).toBe(true);
    expect(isDomainError(Object.assign(new Error('x'), { name: 'DomainError', code: 'other' }))).toBe(false);
    expect(isDomainError(new Error('x'))).toBe(false);
    expect(isDomainError({ name: 'DomainError', code: 'invalid' })).toBe(false);
  });
});

describe('decisions', () => {
  it('builds refusals and turns them into errors', () => {
    expect(ALLOW).toEqual({ ok: true });
    expect(Object.isFrozen(ALLOW)).toBe(true);
    const refused = deny('forbidden', '本章节未分配给您所在的部门');
    expect(refused).toEqual({ ok: false, code: 'forbidden', reason: '本章节未分配给您所在的部门' });
    expect(() => assertAllowed(ALLOW)).not.toThrow();
    expect(thrown(() => assertAllowed(refused))).toMatchObject({
      name: 'DomainError',
      code: 'forbidden',
      message: '本章节未分配给您所在的部门',
    });
  });
});
