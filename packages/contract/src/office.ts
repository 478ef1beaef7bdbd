/**
 * The office's endpoints besides the board and the merge (docs/api.md "Templates and outline
 * editing", "Import (导入报告)", "Bureaus", 催办 and the assignment of "Section workflow"): the
 * templates, the bureaus, outline editing with its hand-over, 催办, deletes and imports. The
 * request bodies the routes validate are here with their Chinese messages, so the route and the
 * web send and check one shape; the answers are what the server's routes build and the web reads.
 * Sections and reports themselves are `SECTION_VIEW` and `REPORT_DETAIL`, and the bodies that
 * change or assign one section `SECTION_PATCH` and `SECTION_ASSIGNMENT` (reports.ts).
 */
import { z } from 'zod';
import { BUREAU_REF, CALENDAR_DAY, DUE_DATE, MOMENT, REPORT_KIND, SECTION_STATUS, SECTION_VIEW } from './reports.js';

// ---------------------------------------------------------------------------------------------
// Bureaus and templates

/** A bureau of the workspace (`GET /api/bureaus` answers them, the 办公室 first). */
export const BUREAU_OPTION = BUREAU_REF.extend({
  /** The CSS colour of the bureau's marker. */
  color: z.string(),
  /** True for the general office (办公室). */
  isOffice: z.boolean(),
});

/** One entry of a template's outline, depth-first as the report will show it. */
export const TEMPLATE_ENTRY = z.object({
  title: z.string(),
  /** 1-based depth. */
  level: z.number().int().positive(),
  /** The official number (一、 / （一） …), '' for an unnumbered block (导语, 结束语). */
  number: z.string(),
  numbered: z.boolean(),
  /** The name of the bureau that usually writes it (e.g. 卫健局); it may name a bureau the workspace lacks. */
  defaultBureau: z.string().nullable(),
  /** 写作要求. */
  instruction: z.string(),
});

/** A report template of `GET /api/templates`; several may share a kind (the first of a kind has the kind as its id). */
export const TEMPLATE = z.object({
  /** What `POST /api/reports` takes as `templateId`, e.g. `half_year_city`. */
  id: z.string(),
  /** The kind of report it creates (never `custom`). */
  kind: REPORT_KIND.exclude(['custom']),
  /** The Chinese name shown in the picker. */
  name: z.string(),
  /** Which real report the outline follows, e.g. 按某市2020年上半年工作总结的结构. */
  source: z.string(),
  /** A suggested title with placeholders {地区} {年份} {届次}, e.g. `{地区}{年份}年上半年工作总结及下半年工作计划`. */
  titlePattern: z.string(),
  /** A suggested period with placeholders, e.g. `{年份}年上半年`. */
  periodPattern: z.string(),
  /** Sections that will be written (outline leaves). */
  sectionCount: z.number().int().nonnegative(),
  outline: z.array(TEMPLATE_ENTRY),
});

/** One template in full (`GET /api/templates/:id`): its outline entries also carry the 参考范文. */
export const TEMPLATE_DETAIL = TEMPLATE.extend({
  outline: z.array(
    TEMPLATE_ENTRY.extend({
      /** 参考范文: the seed's text of the section, paragraphs joined by '\n'; null when none. */
      example: z.string().nullable(),
    }),
  ),
});

// ---------------------------------------------------------------------------------------------
// Request bodies (validated by the routes with these messages; sent by the web)

/**
 * The fields of `POST /api/reports`: the template by `templateId` (or by the older `templateKind`,
 * a kind naming its default template), title, period, due date. Which templates exist is the
 * server's to check (the route extends both template fields with that check).
 */
export const NEW_REPORT_FIELDS = z.object({
  /** A template's `id`. */
  templateId: z.string().optional(),
  /** The older name of the choice: a template id or a kind. */
  templateKind: z.string().optional(),
  title: z.string().trim().min(1, '报告标题不能为空').max(100, '报告标题不能超过100个字'),
  period: z.string().trim().min(1, '报告期不能为空').max(50, '报告期不能超过50个字'),
  dueDate: DUE_DATE,
});

/** The body must name a template, by either field. */
export function requireTemplateChoice(body: { templateId?: string | undefined; templateKind?: string | undefined }, ctx: z.RefinementCtx): void {
  if (body.templateId === undefined && body.templateKind === undefined) {
    ctx.addIssue({ code: 'custom', path: ['templateId'], message: '请选择报告模板' });
  }
}

/** The body of `POST /api/reports` (answered 201 with `REPORT_DETAIL`). */
export const NEW_REPORT_BODY = NEW_REPORT_FIELDS.superRefine(requireTemplateChoice);

/** A section's title. */
export const SECTION_TITLE = z.string().trim().min(1, '章节标题不能为空').max(100, '章节标题不能超过100个字');
/** A section's id in a body. */
const SECTION_ID = z.string().min(1).max(64);
/** The place among siblings, 0-based (larger: last). */
const SIBLING_INDEX = z.number().int('位置应为整数').min(0, '位置不能为负数').max(10_000);

/**
 * The body of `POST /api/reports/:id/sections`: a new section, the `index`-th child (default last)
 * of `parentId` (null or absent: top level); `numbered: false` makes an unnumbered block.
 */
export const NEW_SECTION_BODY = z.object({
  title: SECTION_TITLE,
  parentId: SECTION_ID.nullable().optional(),
  index: SIBLING_INDEX.optional(),
  numbered: z.boolean().optional(),
});

/** The body of `POST /api/sections/:id/move`: the section goes (with its sub-sections) to be the `index`-th child of `parentId` (null: top level). */
export const OUTLINE_PLACE = z.object({
  parentId: SECTION_ID.nullable(),
  index: SIBLING_INDEX,
});

// ---------------------------------------------------------------------------------------------
// Outline answers

/**
 * What a sub-section added under a leaf that held writing took over from it (docs/api.md, "A leaf
 * becomes a heading"): the leaf is now a bare heading.
 */
export const SECTION_HAND_OVER = z.object({
  /** The leaf that became a heading. */
  fromId: z.string(),
  fromTitle: z.string(),
  /** The bureaus, due date, 写作要求 and state the sub-section took. */
  bureauIds: z.array(z.string()),
  dueDate: CALENDAR_DAY.nullable(),
  instruction: z.string(),
  status: SECTION_STATUS,
  /** The leaf's document had stored text (it moved with the document). */
  text: z.boolean(),
  /** Comment threads and notifications that now point at the sub-section. */
  comments: z.number().int().nonnegative(),
  notifications: z.number().int().nonnegative(),
});

/** The bureaus (and due date, when all agree) a new sub-section of a heading took from its siblings. */
export const SIBLING_ASSIGNMENT = z.object({
  bureauIds: z.array(z.string()),
  dueDate: CALENDAR_DAY.nullable(),
});

/** The answer of `POST /api/reports/:id/sections`: the new section at its place, with what it took over or inherited, when it did. */
export const ADDED_SECTION = SECTION_VIEW.extend({
  /** Present when the parent was a leaf holding writing. */
  handOver: SECTION_HAND_OVER.optional(),
  /** Present when the parent is a heading whose sub-sections share bureaus. */
  inherited: SIBLING_ASSIGNMENT.optional(),
});

/** The answer of `DELETE /api/sections/:id`: the sections removed (it and its sub-sections) and the 字数 their documents held. */
export const DELETE_RESULT = z.object({
  deletedIds: z.array(z.string()).min(1),
  chars: z.number().int().nonnegative(),
});

/** The 409 of `DELETE /api/sections/:id` without `?confirm=1` when the section holds text: nothing was deleted. */
export const CONFIRM_DELETE = z.object({
  error: z.literal('confirm_required'),
  /** 该章节已有内容（N字），确认删除吗？… */
  message: z.string(),
  /** 字数 the documents hold (`countChars`). */
  chars: z.number().int().nonnegative(),
});

/** The answer of `POST /api/sections/:id/remind` (催办). */
export const REMIND_RESULT = z.object({
  sectionId: z.string(),
  /** When the 催办 was recorded. */
  remindedAt: MOMENT,
  /** When the section may be reminded again (an hour later). */
  nextAt: MOMENT,
  /** How many writers were told. */
  notified: z.number().int().nonnegative(),
});

// ---------------------------------------------------------------------------------------------
// Import (导入报告)

/** A run of text in a paragraph; `bold` (only ever true) keeps a .docx's bold lead sentence. */
export const IMPORT_RUN = z.object({ text: z.string(), bold: z.boolean().optional() });

/** One block of a section's body, as the editor's schema holds it. */
export const IMPORT_BLOCK = z.union([
  z.object({ type: z.literal('paragraph'), runs: z.array(IMPORT_RUN) }),
  z.object({ type: z.enum(['bullet_list', 'ordered_list']), items: z.array(z.string()) }),
  /** Rows of cell text; a cell's paragraphs joined by '\n'. */
  z.object({ type: z.literal('table'), rows: z.array(z.array(z.string())) }),
]);

/** One section of the previewed outline, in document order (depth-first). */
export const IMPORT_SECTION = z.object({
  /** The number it will carry (一、 （一） 1. （1）), '' for an unnumbered block (导语). */
  number: z.string(),
  title: z.string(),
  /** 1-based depth; at most the predecessor's level + 1. */
  level: z.number().int().positive(),
  /** The body as plain text, paragraphs joined by '\n'. */
  text: z.string(),
  /** The body as blocks (bold runs, lists, tables kept). */
  blocks: z.array(IMPORT_BLOCK),
  /** Index into `lines` of the heading's line; null for a section the importer made up (导语). */
  line: z.number().int().nonnegative().nullable(),
  /** Indices into `lines` of the body's lines, in order. */
  bodyLines: z.array(z.number().int().nonnegative()),
  /** Proposed writing bureaus (ids) by the keyword rules; [] for headings with sub-sections. */
  bureauIds: z.array(z.string()),
});

/** A source line the importer left out of the report, and why. */
export const REMOVED_LINE = z.object({
  line: z.number().int().nonnegative(),
  text: z.string(),
  /** 网页导航, 广告, 通知正文, 重复标题, 网页页脚 … (Chinese, for the secretary; all listed in packages/import/src/preview.ts). */
  reason: z.string(),
  /** Present (true) when the text was folded into a title: it is already in the report. */
  merged: z.literal(true).optional(),
});

/** Something the importer doubts, for the secretary to check. */
export const IMPORT_WARNING = z.object({
  /** Stable code: missing_number, duplicate_number, skipped_level, long_title, no_title, … (all listed in packages/import/src/preview.ts). */
  code: z.string(),
  /** The Chinese sentence for a person. */
  message: z.string(),
  /** Index into `sections` it concerns, when it concerns one. */
  section: z.number().int().nonnegative().optional(),
  /** Index into `lines`, when it concerns a source line. */
  line: z.number().int().nonnegative().optional(),
});

/**
 * The answer of `POST /api/imports`: the outline the importer found. Nothing is written. The
 * importer (`previewImport` of @hegao/import) builds all of it but `sourceName` and `sourceSha256`,
 * which the server adds.
 */
export const IMPORT_PREVIEW = z.object({
  title: z.string(),
  /** Index into `lines` of the title's line; null when no title was recognised. */
  titleLine: z.number().int().nonnegative().nullable(),
  /** e.g. 2020年上半年; '' when the title says none. */
  period: z.string(),
  /** The template kind guessed from the title. */
  kind: REPORT_KIND,
  sections: z.array(IMPORT_SECTION),
  removed: z.array(REMOVED_LINE),
  warnings: z.array(IMPORT_WARNING),
  /** The normalised source, one entry per line, that `line` / `bodyLines` index. */
  lines: z.array(z.string()),
  /** The uploaded file's name; null for pasted text. */
  sourceName: z.string().nullable(),
  /** SHA-256 (hex) of the uploaded bytes, or of the pasted text as UTF-8; sent back when creating. */
  sourceSha256: z.string().regex(/^[0-9a-f]{64}$/),
});

/** One section as the secretary sends it back, edited. */
export const IMPORT_REPORT_SECTION = z.object({
  title: z.string(),
  /** 1-based depth (1–8), at most the predecessor's + 1, the first 1. */
  level: z.number().int().min(1).max(8),
  numbered: z.boolean().default(true),
  blocks: z.array(IMPORT_BLOCK).default([]),
  /** Only sections without sub-sections may have bureaus. */
  bureauIds: z.array(z.string()).default([]),
});

/**
 * The body of `POST /api/imports/report` (answered 201 with `REPORT_DETAIL`): the edited preview.
 * The server checks it by hand (`parseImportReport`) to name the section a problem is in
 * (第3节“稳增长”的层级…, 400 `invalid_import`); what that check returns is this schema's output.
 */
export const IMPORT_REPORT = z.object({
  title: z.string(),
  period: z.string(),
  kind: REPORT_KIND,
  dueDate: CALENDAR_DAY,
  /** The preview's `sourceName`. */
  sourceName: z.string().max(255).nullable().default(null),
  /** The preview's `sourceSha256`; null (or absent) when unknown. */
  sourceSha256: z.string().regex(/^[0-9a-f]{64}$/).nullable().default(null),
  sections: z.array(IMPORT_REPORT_SECTION).min(1).max(500),
});

export type BureauOption = z.infer<typeof BUREAU_OPTION>;
export type TemplateEntry = z.infer<typeof TEMPLATE_ENTRY>;
export type ReportTemplate = z.infer<typeof TEMPLATE>;
export type ReportTemplateDetail = z.infer<typeof TEMPLATE_DETAIL>;
/** What the web sends to `POST /api/reports`. */
export type NewReportInput = z.input<typeof NEW_REPORT_BODY>;
/** What the web sends to `POST /api/reports/:id/sections`. */
export type NewSectionInput = z.input<typeof NEW_SECTION_BODY>;
export type OutlinePlace = z.input<typeof OUTLINE_PLACE>;
export type SectionHandOver = z.infer<typeof SECTION_HAND_OVER>;
export type SiblingAssignment = z.infer<typeof SIBLING_ASSIGNMENT>;
export type AddedSection = z.infer<typeof ADDED_SECTION>;
export type DeleteResult = z.infer<typeof DELETE_RESULT>;
export type ConfirmDelete = z.infer<typeof CONFIRM_DELETE>;
export type RemindResult = z.infer<typeof REMIND_RESULT>;
export type ImportRun = z.infer<typeof IMPORT_RUN>;
export type ImportBlock = z.infer<typeof IMPORT_BLOCK>;
export type ImportSection = z.infer<typeof IMPORT_SECTION>;
export type RemovedLine = z.infer<typeof REMOVED_LINE>;
export type ImportWarning = z.infer<typeof IMPORT_WARNING>;
export type ImportPreview = z.infer<typeof IMPORT_PREVIEW>;
/** What the web sends to `POST /api/imports/report`. */
export type ImportReportInput = z.input<typeof IMPORT_REPORT>;
/** The body as the server reads it (defaults filled in). */
export type ImportReport = z.output<typeof IMPORT_REPORT>;
