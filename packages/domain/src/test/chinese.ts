import { expect } from 'vitest';

const HAN = /\p{Script=Han}/u;
const LATIN_WORD = /[A-Za-z]{3,}/;

/** Asserts a user-facing message is non-empty Chinese with no stray English words. */
export function expectChinese(message: string | undefined): void {
  expect(typeof message).toBe('string');
  expect(message!.trim().length).toBeGreaterThan(0);
  expect(message).toMatch(HAN);
  expect(message).not.toMatch(LATIN_WORD);
}
