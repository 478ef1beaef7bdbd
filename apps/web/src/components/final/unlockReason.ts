// The reason an unlock needs: the domain's rule (required, at most 500 characters once trimmed), the
// same one the server applies.
import { REASON_MAX_LENGTH, reasonProblem } from '@hegao/domain';

/** Longest reason the server accepts, in characters. */
export const UNLOCK_REASON_MAX = REASON_MAX_LENGTH;

/**
 * What is wrong with a reason as typed ('' when it may be sent).
 *
 * @example
 * unlockReasonProblem('  ') // '请填写解锁理由'
 */
export function unlockReasonProblem(reason: string): string {
  return reasonProblem(reason, '解锁理由') ?? '';
}

/** Characters of a reason as the limit counts them (trimmed, code points). */
export function reasonLength(reason: string): number {
  return Array.from(reason.trim()).length;
}
