/** Why something was refused: wrong person, wrong state, bad input, or too soon after the same step (a limit such as 催办's once an hour). */
export type DecisionCode = 'forbidden' | 'conflict' | 'invalid' | 'too_soon';

/** Outcome of a domain check; `reason` is Chinese and shown to the user. */
export type Decision = { ok: true } | { ok: false; code: DecisionCode; reason: string };

/** A refused domain operation; `message` is Chinese and may be shown to the user. */
export class DomainError extends Error {
  /** Error name, so logs and `instanceof`-free checks can recognise it. */
  override readonly name = 'DomainError';

  /** Creates an error with a decision code and a Chinese message. */
  constructor(
    readonly code: DecisionCode,
    message: string,
  ) {
    super(message);
  }
}

/** The single "allowed" decision. */
export const ALLOW: Decision = Object.freeze({ ok: true });

/** Builds a refusal with its code and Chinese reason. */
export function deny(code: DecisionCode, reason: string): Decision {
  return { ok: false, code, reason };
}

/** Throws a DomainError carrying the decision's code and reason unless it is allowed. */
export function assertAllowed(decision: Decision): asserts decision is { ok: true } {
  if (!decision.ok) throw new DomainError(decision.code, decision.reason);
}

/** True if `value` is a DomainError (also across module copies, by name and code). */
export function isDomainError(value: unknown): value is DomainError {
  if (value instanceof DomainError) return true;
  if (!(value instanceof Error) || value.name !== 'DomainError') return false;
  const code: unknown = (value as { code?: unknown }).code;
  return code === 'forbidden' || code === 'conflict' || code === 'invalid' || code === 'too_soon';
}
