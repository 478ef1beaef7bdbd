/** Longest accepted reason (return, unlock), in characters. */
export const REASON_MAX_LENGTH = 500;

/**
 * Chinese problem with a free-text reason, or null if it is acceptable
 * (non-empty after trimming, at most REASON_MAX_LENGTH characters).
 * `what` names the reason in the message, e.g. 退回理由.
 */
export function reasonProblem(reason: string | null | undefined, what = '理由'): string | null {
  const text = typeof reason === 'string' ? reason.trim() : '';
  if (text === '') return `请填写${what}`;
  // Count code points, not UTF-16 units, so rare characters count once.
  if ([...text].length > REASON_MAX_LENGTH) return `${what}不能超过${REASON_MAX_LENGTH}字`;
  return null;
}
