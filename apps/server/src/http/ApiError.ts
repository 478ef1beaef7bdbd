/** An HTTP error with a machine-readable code and a Chinese message for people. */
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { DecisionCode } from '@hegao/domain';

/**
 * Thrown by handlers; rendered as `{ error, message }` with its status, plus the fields of `body`
 * when given (structured data a client acts on, e.g. the conflicts of a refused re-merge). `details`
 * is for logs and tests, never sent.
 */
export class ApiError extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: string,
    message: string,
    readonly details?: unknown,
    readonly body?: Readonly<Record<string, unknown>>,
  ) {
    super(message);
  }
}

const STATUS: Record<DecisionCode, ContentfulStatusCode> = { forbidden: 403, conflict: 409, invalid: 400, too_soon: 429 };

/** Maps a domain refusal to its HTTP status: forbidden → 403, conflict → 409, invalid → 400, too_soon → 429. */
export function refusal(code: DecisionCode, reason: string): ApiError {
  return new ApiError(STATUS[code], code, reason);
}

/** 404 with a Chinese message naming what was not found. */
export function notFound(what: string): ApiError {
  return new ApiError(404, 'not_found', `${what}不存在`);
}
