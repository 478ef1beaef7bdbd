/**
 * The final draft (合稿) and its locked versions (定稿) — docs/api.md "Merge, lock and versions",
 * "Comparing versions" and "Export": what a merge, a lock and an unlock answer, the versions list,
 * one version with its content, a comparison of two versions by author, the PDF export's refusals,
 * and the request bodies and parameters the routes validate (with their Chinese messages). The
 * server's presenters and commands return exactly these types; the web parses the answers with
 * these schemas. Identifiers are strings.
 */
import { z } from 'zod';
import { EDIT_DECISION, MERGE_CHANGE } from './merge.js';
import { BUREAU_REF, MOMENT, WRITER, reasonText } from './reports.js';

/** A SHA-256, hex (64 lower-case digits). */
const SHA256_HEX = z.string().regex(/^[0-9a-f]{64}$/);

/** A version's number: 1 for the first lock, N+1 for the lock after N's unlock (第N版). */
export const VERSION_NUMBER = z.number().int().positive();

/** A version number as a path or query parameter: digits, no leading zero. */
const VERSION_DIGITS = /^[1-9]\d{0,8}$/;

// ---------------------------------------------------------------------------------------------
// Requests

/**
 * Body of `POST /api/reports/:id/merge` (none at all is `{}`): for each section the office edited in
 * the final draft since the last merge, what to do with its edits (see `EDIT_DECISION`).
 */
export const MERGE_REQUEST = z.object({
  /** By section id; decisions for sections without office edits are ignored. */
  resolve: z.record(z.string().max(64), EDIT_DECISION).optional(),
});

/** Body of `POST /api/reports/:id/lock`: the lock takes no parameters (none, `{}`, or anything the client adds). */
export const LOCK_REQUEST = z.looseObject({});

/**
 * Body of `POST /api/reports/:id/unlock`. An empty or missing reason is left to the command, which
 * answers 400 「请填写解锁理由」 (the domain's rule); a longer one than the domain allows is refused
 * here with the domain's message (「解锁理由不能超过500字」), so the two never disagree. A reason
 * that is not text is named by the route's field label (「解锁理由应为文字」).
 */
export const UNLOCK_REQUEST = z.object({
  /** Why the locked version is reopened; recorded on it (`unlockReason`). */
  reason: reasonText('解锁理由').optional(),
});

/** `:n` of `/api/reports/:id/versions/:n` (and its exports): a version number, as a number. */
export const VERSION_PARAM = z
  .string()
  .regex(VERSION_DIGITS, { message: '版本号应为正整数' })
  .transform((digits) => Number(digits));

/** One side of a comparison: a version number, or the current final draft (`final`, 当前合稿). */
export const VERSION_POINT = z.union([VERSION_NUMBER, z.literal('final')]);

/**
 * The query of `GET /api/reports/:id/versions/compare?from=<n>&to=<m|final>`: `from` a version,
 * `to` a version or `final`. The route answers a failure 400 `invalid_version` with its message.
 */
export const VERSION_COMPARE_QUERY = z.object({
  from: z
    .string({ message: '参数 from 应为版本号' })
    .regex(VERSION_DIGITS, { message: '参数 from 应为版本号' })
    .transform((digits) => Number(digits)),
  to: z
    .string({ message: '参数 to 应为版本号或 final（当前合稿）' })
    .refine((value) => value === 'final' || VERSION_DIGITS.test(value), { message: '参数 to 应为版本号或 final（当前合稿）' })
    .transform((value): VersionPoint => (value === 'final' ? 'final' : Number(value))),
});

// ---------------------------------------------------------------------------------------------
// Answers

/** Answer of `POST /api/reports/:id/merge`. */
export const MERGE_RESULT = z.object({
  /** The final draft's collaborative document (`final-<reportId>`), as `finalDocName` of the report. */
  finalDocName: z.string(),
  /** False on the first merge, which composes the whole draft. */
  remerge: z.boolean(),
  /** Sections this re-merge replaced, removed or (resolved `keep`) left as the office edited them; empty on the first merge. */
  changed: z.array(MERGE_CHANGE),
});

/** Answer of `POST /api/reports/:id/lock`: the version just locked. */
export const LOCK_RESULT = z.object({
  version: VERSION_NUMBER,
  /** SHA-256 of the version's canonical JSON (`canonicalJSON` in @hegao/schema), as UTF-8. */
  sha256: SHA256_HEX,
});

/** Answer of `POST /api/reports/:id/unlock`. */
export const UNLOCK_RESULT = z.object({
  /** The version unlocked (the next lock is version + 1). */
  version: VERSION_NUMBER,
  /** The report's state after the unlock: 合稿中 again. */
  status: z.literal('merging'),
});

/** A person as a version record names them. */
export const VERSION_PERSON = z.object({
  id: z.string(),
  /** Null for an account that no longer exists. */
  name: z.string().nullable(),
});

/** One locked version (定稿) of a report, an entry of `GET /api/reports/:id/versions` (oldest first). */
export const VERSION = z.object({
  version: VERSION_NUMBER,
  /** SHA-256 of the version's canonical JSON; see `LOCK_RESULT`. */
  sha256: SHA256_HEX,
  /** The secretary who locked it. */
  lockedBy: VERSION_PERSON,
  lockedAt: MOMENT,
  /** Who unlocked it (the report went back to 合稿中); null while it is the report's current locked version. */
  unlockedBy: VERSION_PERSON.nullable(),
  unlockedAt: MOMENT.nullable(),
  /** The reason given for the unlock; null while not unlocked. */
  unlockReason: z.string().nullable(),
  /** The audit chain's head (hex SHA-256 of record `chainSeq`) when the version was locked; null for versions locked before the chain existed. */
  chainHead: SHA256_HEX.nullable(),
  /** The audit record `chainHead` is the hash of (the chain covers records 1…chainSeq); null with `chainHead`. */
  chainSeq: z.number().int().positive().nullable(),
});

/** Answer of `GET /api/reports/:id/versions`: every locked version, oldest first. */
export const VERSION_LIST = z.array(VERSION);

/** A mark of a ProseMirror node in JSON form. */
export interface PmMark {
  type: string;
  attrs?: Record<string, unknown>;
}

/** A ProseMirror node (or the whole doc) in JSON form, as `Node.toJSON()` produces it (@hegao/schema's `PMJSON` is this type). */
export interface PmNode {
  type: string;
  attrs?: Record<string, unknown>;
  content?: PmNode[];
  marks?: PmMark[];
  text?: string;
}

const PM_MARK = z.looseObject({ type: z.string(), attrs: z.record(z.string(), z.unknown()).optional() });

/** A ProseMirror node in JSON form; unknown keys are kept (they count in the content's SHA-256). */
export const PM_NODE: z.ZodType<PmNode> = z.looseObject({
  type: z.string(),
  attrs: z.record(z.string(), z.unknown()).optional(),
  get content() {
    return z.array(PM_NODE).optional();
  },
  marks: z.array(PM_MARK).optional(),
  text: z.string().optional(),
});

/** One version with its content, `GET /api/reports/:id/versions/:n`. */
export const VERSION_DETAIL = VERSION.extend({
  /** The stored ProseMirror JSON (the doc); null when the stored text is not a document. */
  content: PM_NODE.nullable(),
  /** Plain text of `content`, one line per paragraph or heading. */
  text: z.string(),
  /**
   * The server recomputed the SHA-256 from the stored content and it matched; false means the
   * stored row was altered, and clients must not show the version as authentic.
   */
  verified: z.boolean(),
});

/** The kind of a part of a comparison. */
export const VERSION_DIFF_KIND = z.enum(['equal', 'insert', 'delete']);

/**
 * One part of a comparison. Insertions name who wrote them, deletions who deleted them, with the
 * bureau they wrote for at the time and when; an `equal` part names nobody, nor does a change whose
 * writer is not known.
 */
export const VERSION_DIFF_PART = z.strictObject({
  kind: VERSION_DIFF_KIND,
  text: z.string(),
  /** Who wrote (insert) or deleted (delete) the text, with their colour; absent on `equal` parts and where unknown. */
  user: WRITER.optional(),
  /** The bureau they wrote for then (null: none, e.g. a leader); absent with `user`. */
  bureau: BUREAU_REF.nullable().optional(),
  /** When, ISO 8601; absent with `user`. */
  at: MOMENT.optional(),
  /** Present (true) when a merge or re-merge wrote or removed the text: `user` is the secretary who merged. */
  merge: z.literal(true).optional(),
});

/** A side of a comparison that is a locked version, with when it was locked. */
const LOCKED_SIDE = z.object({ version: VERSION_NUMBER, lockedAt: MOMENT });
/** The current final draft as a side of a comparison. */
const FINAL_SIDE = z.object({ version: z.literal('final'), lockedAt: z.null() });

/**
 * Answer of `GET /api/reports/:id/versions/compare`: joining the `equal` and `delete` parts gives
 * `from`'s text, the `equal` and `insert` parts `to`'s (lines joined by '\n', as a version's `text`).
 */
export const VERSION_COMPARISON = z.object({
  from: LOCKED_SIDE,
  to: z.union([LOCKED_SIDE, FINAL_SIDE]),
  parts: z.array(VERSION_DIFF_PART),
});

/**
 * A PDF export the server could not make (`GET …/export.pdf`): 503 `pdf_unavailable` (no
 * LibreOffice), 503 `pdf_busy` (too many waiting; `queuePosition` conversions are ahead), 504
 * `pdf_timeout`, 502 `pdf_failed`. Other refusals of the exports are the API's usual
 * `{error, message}` (400 `invalid_version`, 403, 404, 409 `version_unverified`).
 */
export const PDF_EXPORT_ERROR = z.discriminatedUnion('error', [
  z.strictObject({ error: z.literal('pdf_busy'), message: z.string(), queuePosition: z.number().int().nonnegative() }),
  z.strictObject({ error: z.enum(['pdf_unavailable', 'pdf_timeout', 'pdf_failed']), message: z.string() }),
]);

export type MergeRequest = z.infer<typeof MERGE_REQUEST>;
export type UnlockRequest = z.infer<typeof UNLOCK_REQUEST>;
/** One side of a comparison: a version number, or the current final draft. */
export type VersionPoint = z.infer<typeof VERSION_POINT>;
export type VersionCompareQuery = z.infer<typeof VERSION_COMPARE_QUERY>;
export type MergeResult = z.infer<typeof MERGE_RESULT>;
export type LockResult = z.infer<typeof LOCK_RESULT>;
export type UnlockResult = z.infer<typeof UNLOCK_RESULT>;
export type VersionPerson = z.infer<typeof VERSION_PERSON>;
export type Version = z.infer<typeof VERSION>;
export type VersionDetail = z.infer<typeof VERSION_DETAIL>;
export type VersionDiffKind = z.infer<typeof VERSION_DIFF_KIND>;
export type VersionDiffPart = z.infer<typeof VERSION_DIFF_PART>;
export type VersionComparison = z.infer<typeof VERSION_COMPARISON>;
export type PdfExportError = z.infer<typeof PDF_EXPORT_ERROR>;
