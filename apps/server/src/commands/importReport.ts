/**
 * 导入报告, step two: the secretary's edited preview becomes a report, in one transaction — its outline,
 * each section's imported text (one stored update by the importer, so history and authorship show who
 * put it there), the assignments with their events and notifications, and a `report.import` event.
 */
import type { ImportBlock, ImportReport, ImportRun } from '@hegao/contract';
import { isTemplateKind, type Bureau, type User } from '@hegao/domain';
import {
  appendUpdates,
  createReport,
  inTransaction,
  insertSections,
  listBureaus,
  newId,
  recordEvent,
  sectionDocName,
  touchSectionEdit,
  type NewNotification,
  type NewOutlineSection,
  type ReportRecord,
} from '@hegao/storage';
import type { DocStore } from '@hegao/collab';
import type { AppContext } from '../context.js';
import { importSectionBlocks } from '../seed/importText.js';
import { SECTION_LEAD_DAYS, daysBefore } from './createReport.js';
import { IMPORT_MAX_CHARS, assertMayImport, textLength, importTooLarge, invalidImport, isLeafAt } from './importPreview.js';
import { announceNotifications, storeReportCreatedAssignments } from './notify.js';

/** Most sections an imported report may have. */
export const IMPORT_MAX_SECTIONS = 500;
/** Longest section or report title, in characters. */
export const IMPORT_TITLE_MAX = 100;
/** Deepest section level accepted (一、 （一） 1. （1） ① … ). */
export const IMPORT_MAX_LEVEL = 8;
/** Most rows of an imported table, and most cells in a row. */
export const IMPORT_TABLE_MAX_ROWS = 1000;
export const IMPORT_TABLE_MAX_COLUMNS = 50;
/** Most blocks in one section's body. */
export const IMPORT_MAX_BLOCKS = 5000;

/** Title of the unnumbered section holding a heading's own text, written by the office (as the demo's). */
export const HEADING_LEAD_TITLE = '引言';
/** Its 写作要求 (no length limit: the imported text is what it is). */
export const HEADING_LEAD_INSTRUCTION = '由办公室撰写本部分的总体要求，承上启下';

/** One section as the secretary sends it: depth-first order, `level` 1-based. */
export type ImportReportSection = ImportReport['sections'][number];

/** The body of `POST /api/imports/report` as read (`IMPORT_REPORT` of @hegao/contract, defaults filled in). */
export type ImportReportInput = ImportReport;

type Obj = Record<string, unknown>;

function isObj(value: unknown): value is Obj {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** True for a YYYY-MM-DD string naming a real calendar day. */
function isCalendarDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const [y, m, d] = value.split('-').map(Number) as [number, number, number];
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

/** A title as one line: runs of spaces and line breaks made one space, trimmed. */
function oneLine(value: string): string {
  return value.replace(/\s+/g, ' ').trim();
}

/** A required text field, on one line, 1..max characters. */
function text(value: unknown, label: string, max: number): string {
  if (typeof value !== 'string' || value.trim() === '') throw invalidImport(`请填写${label}`);
  const trimmed = oneLine(value);
  if (textLength(trimmed) > max) throw invalidImport(`${label}不能超过${max}个字`);
  return trimmed;
}

/** The blocks of a section's body; `where` names the section in messages. */
function parseBlocks(value: unknown, where: string): { blocks: ImportBlock[]; chars: number } {
  if (value === undefined) return { blocks: [], chars: 0 };
  if (!Array.isArray(value)) throw invalidImport(`${where}的正文格式不正确：应为段落列表`);
  if (value.length > IMPORT_MAX_BLOCKS) throw invalidImport(`${where}的正文不能超过${IMPORT_MAX_BLOCKS}段`);
  const blocks: ImportBlock[] = [];
  let chars = 0;
  const strings = (list: unknown, what: string, k: number): string[] => {
    if (!Array.isArray(list) || !list.every((s) => typeof s === 'string')) throw invalidImport(`${where}正文第${k}段的${what}格式不正确`);
    for (const s of list as string[]) chars += textLength(s);
    return list as string[];
  };
  value.forEach((block: unknown, i) => {
    const k = i + 1;
    if (!isObj(block)) throw invalidImport(`${where}正文第${k}段格式不正确`);
    switch (block['type']) {
      case 'paragraph': {
        const runs = block['runs'];
        if (!Array.isArray(runs)) throw invalidImport(`${where}正文第${k}段格式不正确：缺少文字`);
        const out: ImportRun[] = runs.map((run: unknown) => {
          if (!isObj(run) || typeof run['text'] !== 'string' || (run['bold'] !== undefined && typeof run['bold'] !== 'boolean')) {
            throw invalidImport(`${where}正文第${k}段的文字格式不正确`);
          }
          chars += textLength(run['text']);
          return run['bold'] === true ? { text: run['text'], bold: true } : { text: run['text'] };
        });
        blocks.push({ type: 'paragraph', runs: out });
        return;
      }
      case 'bullet_list':
      case 'ordered_list':
        blocks.push({ type: block['type'], items: strings(block['items'], '列表项', k) });
        return;
      case 'table': {
        const rows = block['rows'];
        if (!Array.isArray(rows)) throw invalidImport(`${where}正文第${k}段的表格格式不正确`);
        if (rows.length > IMPORT_TABLE_MAX_ROWS) throw invalidImport(`${where}正文第${k}段的表格不能超过${IMPORT_TABLE_MAX_ROWS}行`);
        const out = rows.map((row: unknown) => {
          const cells = strings(row, '表格', k);
          if (cells.length > IMPORT_TABLE_MAX_COLUMNS) throw invalidImport(`${where}正文第${k}段的表格不能超过${IMPORT_TABLE_MAX_COLUMNS}列`);
          return cells;
        });
        blocks.push({ type: 'table', rows: out });
        return;
      }
      default:
        throw invalidImport(`${where}正文第${k}段的类型不正确：应为段落、列表或表格`);
    }
  });
  return { blocks, chars };
}

/**
 * Checks the body of `POST /api/imports/report` against the workspace's bureaus. Every problem is a
 * 400 `invalid_import` whose Chinese message names it (第3节“稳增长”的层级…), or 413
 * `import_too_large` beyond IMPORT_MAX_CHARS. Pure.
 */
export function parseImportReport(body: unknown, bureaus: readonly Pick<Bureau, 'id'>[]): ImportReportInput & { chars: number } {
  if (!isObj(body)) throw invalidImport('请求体格式不正确：应为 JSON 对象');
  const title = text(body['title'], '报告标题', IMPORT_TITLE_MAX);
  const period = text(body['period'], '报告期', 50);
  const kind = body['kind'];
  if (!isTemplateKind(kind)) throw invalidImport('报告类型不正确，可选：half_year、work_points、plenum_speech、custom');
  const dueDate = body['dueDate'];
  if (typeof dueDate !== 'string' || dueDate === '') throw invalidImport('请填写截止日期');
  if (!isCalendarDate(dueDate)) throw invalidImport('截止日期格式应为 YYYY-MM-DD，且是日历上存在的一天');
  const sourceName = body['sourceName'] ?? null;
  if (sourceName !== null && (typeof sourceName !== 'string' || textLength(sourceName) > 255)) throw invalidImport('来源文件名格式不正确');
  const sourceSha256 = body['sourceSha256'] ?? null;
  if (sourceSha256 !== null && (typeof sourceSha256 !== 'string' || !/^[0-9a-f]{64}$/.test(sourceSha256))) {
    throw invalidImport('来源文件的 SHA-256 格式不正确：应为64位小写十六进制');
  }
  const list = body['sections'];
  if (!Array.isArray(list) || list.length === 0) throw invalidImport('请至少保留一个章节');
  if (list.length > IMPORT_MAX_SECTIONS) throw invalidImport(`章节不能超过${IMPORT_MAX_SECTIONS}个（现有${list.length}个）`);
  const known = new Set(bureaus.map((b) => b.id));
  const sections: ImportReportSection[] = [];
  let chars = 0;
  let previousLevel = 0;
  list.forEach((raw: unknown, i) => {
    const n = i + 1;
    if (!isObj(raw)) throw invalidImport(`第${n}节格式不正确`);
    const rawTitle = raw['title'];
    if (typeof rawTitle !== 'string' || rawTitle.trim() === '') throw invalidImport(`第${n}节的标题不能为空`);
    const title = oneLine(rawTitle);
    const where = `第${n}节“${title.slice(0, 20)}”`;
    if (textLength(title) > IMPORT_TITLE_MAX) throw invalidImport(`${where}的标题不能超过${IMPORT_TITLE_MAX}个字`);
    const level = raw['level'];
    if (typeof level !== 'number' || !Number.isInteger(level) || level < 1 || level > IMPORT_MAX_LEVEL) {
      throw invalidImport(`${where}的层级应为1到${IMPORT_MAX_LEVEL}的整数`);
    }
    if (i === 0 && level !== 1) throw invalidImport(`第一个章节应为第1层（现为第${level}层）`);
    if (level > previousLevel + 1) throw invalidImport(`${where}的层级从第${previousLevel}层跳到了第${level}层：每次只能加深一层`);
    previousLevel = level;
    const numbered = raw['numbered'] ?? true;
    if (typeof numbered !== 'boolean') throw invalidImport(`${where}的“是否编号”应为是或否`);
    const ids = raw['bureauIds'] ?? [];
    if (!Array.isArray(ids) || !ids.every((id) => typeof id === 'string')) throw invalidImport(`${where}的承办部门格式不正确`);
    if (new Set(ids).size !== ids.length) throw invalidImport(`${where}的承办部门重复`);
    if (ids.some((id) => !known.has(id as string))) throw invalidImport(`${where}的承办部门不存在，请重新选择`);
    const body = parseBlocks(raw['blocks'], where);
    chars += body.chars;
    sections.push({ title, level, numbered, blocks: body.blocks, bureauIds: ids as string[] });
  });
  sections.forEach((s, i) => {
    if (s.bureauIds.length > 0 && !isLeafAt(sections, i)) {
      throw invalidImport(`第${i + 1}节“${s.title.slice(0, 20)}”有下级章节，不能指定承办部门：请把部门指定给它的下级章节`);
    }
  });
  if (chars > IMPORT_MAX_CHARS) throw importTooLarge();
  return { title, period, kind, dueDate, sourceName, sourceSha256, sections, chars };
}

/** True when blocks hold any text. */
function hasText(blocks: readonly ImportBlock[]): boolean {
  return blocks.some((b) =>
    b.type === 'paragraph'
      ? b.runs.some((r) => r.text.trim() !== '')
      : b.type === 'table'
        ? b.rows.some((row) => row.some((cell) => cell.trim() !== ''))
        : b.items.some((item) => item.trim() !== ''),
  );
}

/** A planned section with the text it starts with. */
export interface PlannedSection {
  section: NewOutlineSection;
  blocks: ImportBlock[];
}

/**
 * The outline an import becomes, parents before children. Leaves with bureaus start 编写中, due
 * SECTION_LEAD_DAYS before the report; the rest wait unassigned. A heading's own text becomes an
 * unnumbered 引言 child at its head, written by the office. Pure: ids come from `makeId`.
 * @example planImportSections(input, 'r1', office, newId)[0].section // { title: '导语', numbered: false, … }
 */
export function planImportSections(
  input: Pick<ImportReportInput, 'sections' | 'dueDate'>,
  reportId: string,
  office: Pick<Bureau, 'id'> | null,
  makeId: () => string = newId,
): PlannedSection[] {
  const sectionDue = daysBefore(input.dueDate, SECTION_LEAD_DAYS);
  const out: PlannedSection[] = [];
  /** The open parent at each depth (index = level - 1) and its next child position. */
  const parents: { id: string; next: number }[] = [];
  let topNext = 0;
  input.sections.forEach((s, i) => {
    parents.length = s.level - 1;
    const parent = parents[s.level - 2];
    const position = parent ? parent.next++ : topNext++;
    const id = makeId();
    const leaf = isLeafAt(input.sections, i);
    const assigned = leaf && s.bureauIds.length > 0;
    out.push({
      section: {
        id,
        reportId,
        parentId: parent?.id ?? null,
        position,
        title: s.title,
        status: assigned ? 'drafting' : 'not_started',
        bureauIds: assigned ? s.bureauIds : [],
        dueDate: assigned ? sectionDue : null,
        instruction: '',
        numbered: s.numbered,
      },
      blocks: leaf ? s.blocks : [],
    });
    const own = { id, next: 0 };
    parents[s.level - 1] = own;
    if (!leaf && hasText(s.blocks)) {
      out.push({
        section: {
          id: makeId(),
          reportId,
          parentId: id,
          position: own.next++,
          title: HEADING_LEAD_TITLE,
          status: office ? 'drafting' : 'not_started',
          bureauIds: office ? [office.id] : [],
          dueDate: office ? sectionDue : null,
          instruction: HEADING_LEAD_INSTRUCTION,
          numbered: false,
        },
        blocks: s.blocks,
      });
    }
  });
  return out;
}

/**
 * Creates a report from an edited import preview, all in one transaction: the report, its sections,
 * their text (one update each, by `user`), a `report.import` event {sourceName, sourceSha256, sections,
 * chars}, a `section.assign` event per assigned section and the bureaus' notifications. Throws ApiError
 * 403 unless the user may create reports; 400 invalid_import / 413 import_too_large (see parseImportReport),
 * writing nothing.
 */
export async function importReport(ctx: AppContext, user: User, body: unknown): Promise<ReportRecord> {
  assertMayImport(user);
  const bureaus = await listBureaus(ctx.db);
  const input = parseImportReport(body, bureaus);
  const office = bureaus.find((b) => b.isOffice) ?? null;
  let notified: NewNotification[] = [];
  const report = await inTransaction(ctx.db, async (tx) => {
    const created = await createReport(tx, { title: input.title, period: input.period, kind: input.kind, dueDate: input.dueDate, createdBy: user.id });
    const planned = planImportSections(input, created.id, office);
    const sections = planned.map((p) => p.section);
    await insertSections(tx, sections);
    await recordEvent(tx, {
      reportId: created.id,
      actorId: user.id,
      type: 'report.import',
      detail: { sourceName: input.sourceName, sourceSha256: input.sourceSha256, sections: sections.length, chars: input.chars },
    });
    // The text goes into the document log through the same transaction: a report never exists half imported.
    const store: Pick<DocStore, 'append'> = { append: (entries) => appendUpdates(tx, entries) };
    const now = Date.now();
    for (const p of planned) {
      if (!hasText(p.blocks)) continue;
      const docName = sectionDocName(p.section.id);
      await importSectionBlocks(store, docName, p.blocks, user, 'import');
      await touchSectionEdit(tx, docName, user.id, now);
    }
    notified = await storeReportCreatedAssignments(tx, { actor: user, report: created, sections, bureaus }, { import: true });
    return created;
  });
  if (notified.length > 0) announceNotifications(ctx, notified);
  ctx.logger.info('report imported', { reportId: report.id, sections: input.sections.length, chars: input.chars, userId: user.id });
  return report;
}
