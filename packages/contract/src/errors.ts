/**
 * Every refusal's body (docs/api.md, first section): `error`, a stable code for programs to branch
 * on, and `message`, one Chinese sentence for people. A few refusals add fields of their own,
 * documented with them (`chars` of `confirm_required`, `conflicts` of `office_edits` —
 * `parseOfficeEdits` in merge.ts): the object is open to those.
 */
import { z } from 'zod';

/** The body of every 4xx/5xx answer. */
export const ERROR_BODY = z.looseObject({
  error: z.string().min(1),
  message: z.string().min(1),
});

export type ErrorBody = z.infer<typeof ERROR_BODY>;
