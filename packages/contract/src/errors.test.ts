import { describe, expect, it } from 'vitest';
import { COLLAB_TOKEN } from './collab.js';
import { ERROR_BODY } from './errors.js';

describe('the error body', () => {
  it('keeps the fields a refusal adds beside error and message', () => {
    const body = { error: 'confirm_required', message: '章节超过字数要求，请确认后提交', chars: 1200 };
    expect(ERROR_BODY.parse(body)).toEqual(body);
  });

  it('refuses a body without a code or without a message for people', () => {
    expect(ERROR_BODY.safeParse({ message: '出错了' }).success).toBe(false);
    expect(ERROR_BODY.safeParse({ error: 'internal', message: '' }).success).toBe(false);
    expect(ERROR_BODY.safeParse('<html>Bad Gateway</html>').success).toBe(false);
  });
});

describe('the collab token', () => {
  it('accepts the answer and refuses an expiry that is not a UTC moment', () => {
    const answer = { token: 'eyJ1Ijoi…', docName: 'section-abc', expiresAt: '2026-12-07T02:00:00.000Z' };
    expect(COLLAB_TOKEN.parse(answer)).toEqual(answer);
    expect(COLLAB_TOKEN.safeParse({ ...answer, expiresAt: 1796604310739 }).success).toBe(false);
  });
});
