/** Assertions shared by the REST integration tests. */
import type { ErrorBody } from '@hegao/contract';
import { expect } from 'vitest';

/** Matches text containing Chinese characters. */
export const CHINESE = /[\u4e00-\u9fff]/;

/** The error body every refusal has (the contract's ERROR_BODY). */
export type { ErrorBody };

/** Asserts a refusal: its status, exactly `{error, message}`, a Chinese message, and optionally the code and message. */
export function expectError(res: { status: number; body: unknown }, status: number, error?: string, message?: string | RegExp): ErrorBody {
  expect(res.status, JSON.stringify(res.body)).toBe(status);
  const body = res.body as ErrorBody;
  expect(Object.keys(body).sort()).toEqual(['error', 'message']);
  expect(body.error).toBeTypeOf('string');
  expect(body.message).toMatch(CHINESE);
  if (error !== undefined) expect(body.error).toBe(error);
  if (typeof message === 'string') expect(body.message).toBe(message);
  else if (message) expect(body.message).toMatch(message);
  return body;
}
