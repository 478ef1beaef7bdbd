/**
 * A re-merge's shapes (`POST /api/reports/:id/merge`, docs/api.md "Merge, lock and versions"): the
 * sections the office edited in the final draft that a re-merge would replace (409 `office_edits`),
 * what the secretary decides for each (替换 / 保留 / 逐段合并), and what the merge did. The merge
 * plan (packages/schema/src/mergePlan.ts) produces values of these types — the server's answer is
 * checked against them by the compiler — and the web parses the answers with these schemas.
 */
import { z } from 'zod';

/** Whose version of a paragraph both sides changed goes into the draft. */
export const PARAGRAPH_CHOICE = z.enum(['office', 'bureau'], { message: '段落的处理方式应为“保留办公室的”（office）或“采用章节的新内容”（bureau）' });

/** What became of a section the office edited: replaced by the section's new text, kept, or merged paragraph by paragraph. */
export const EDIT_RESOLUTION = z.enum(['replace', 'keep', 'merge']);

/**
 * What the secretary decides for such a section (the merge request's `resolve` values, validated
 * with these Chinese messages): replace, keep, or a paragraph merge naming a choice per conflict by
 * its `index` (unnamed ones keep the office's).
 */
export const EDIT_DECISION = z.union(
  [
    z.enum(['replace', 'keep']),
    z.strictObject({ paragraphs: z.record(z.string().regex(/^\d{1,6}$/, { message: '段落冲突的序号应为从0开始的整数' }), PARAGRAPH_CHOICE) }),
  ],
  { message: '处理方式应为“替换”（replace）、“保留”（keep）或逐段合并（{"paragraphs": {…}}）' },
);

/** A paragraph both the office and the bureau changed, as text; null where that side deleted it (`base`: where it was new). */
export const PARAGRAPH_CONFLICT = z.object({
  index: z.number().int().nonnegative(),
  base: z.string().nullable(),
  office: z.string().nullable(),
  bureau: z.string().nullable(),
  /** In a merge's answer: the version taken, and whether it was the default (no choice sent: the office's). */
  choice: PARAGRAPH_CHOICE.optional(),
  defaulted: z.boolean().optional(),
});

/** What a paragraph merge (逐段合并) of one section does, offered before deciding or done after. */
export const PARAGRAPH_MERGE_VIEW = z.object({
  conflicts: z.array(PARAGRAPH_CONFLICT),
  /** Paragraphs (a table or a list is one) only the bureau changed, added or deleted: the bureau's. */
  fromBureau: z.number().int().nonnegative(),
  /** Paragraphs only the office changed: the office's. */
  fromOffice: z.number().int().nonnegative(),
  /** Paragraphs both changed the same way. */
  same: z.number().int().nonnegative(),
  /** The section's text after the merge (before deciding: conflicts as the office's). */
  text: z.string(),
});

/** A section the office edited in the final draft that a re-merge would replace or remove (409 `office_edits`). */
export const OFFICE_EDIT = z.object({
  sectionId: z.string(),
  title: z.string(),
  /** What the previous merge took of the section. */
  before: z.string(),
  /** The section's text now ('' for a section deleted from the outline). */
  after: z.string(),
  /** The final draft's text of the section now, with the office's edits. */
  officeText: z.string(),
  /** What 逐段合并 would do; null where it is not offered (a deleted section, or one merged before it existed, or a server before it). */
  paragraphs: PARAGRAPH_MERGE_VIEW.nullable().default(null),
});

/** One section a re-merge changed (or, resolved `keep`, left as the office edited it), as plain text before and after. */
export const MERGE_CHANGE = z.object({
  sectionId: z.string(),
  title: z.string(),
  before: z.string(),
  after: z.string(),
  /** The final draft's text of the section just before the merge, when the office had edited it since the last merge; else null. */
  officeText: z.string().nullable(),
  /** What became of those edits; null without edits. */
  resolution: EDIT_RESOLUTION.nullable(),
  /** For `merge`: what came from whom and how each conflict was decided; else null. */
  paragraphs: PARAGRAPH_MERGE_VIEW.nullable(),
});

export type ParagraphChoice = z.infer<typeof PARAGRAPH_CHOICE>;
export type EditResolution = z.infer<typeof EDIT_RESOLUTION>;
export type EditDecision = z.infer<typeof EDIT_DECISION>;
export type ParagraphConflict = z.infer<typeof PARAGRAPH_CONFLICT>;
export type ParagraphMergeView = z.infer<typeof PARAGRAPH_MERGE_VIEW>;
export type OfficeEdit = z.infer<typeof OFFICE_EDIT>;
export type MergeChange = z.infer<typeof MERGE_CHANGE>;

/** The edits a 409 `office_edits` body lists (`conflicts`), or null when it lists none that can be read. */
export function parseOfficeEdits(body: unknown): OfficeEdit[] | null {
  const conflicts = body !== null && typeof body === 'object' ? (body as { conflicts?: unknown }).conflicts : undefined;
  const parsed = z.array(OFFICE_EDIT).min(1).safeParse(conflicts);
  return parsed.success ? parsed.data : null;
}
