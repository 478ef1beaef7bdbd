// The merged final draft (合稿稿) as ProseMirror JSON: composing it from approved sections,
// replacing one section's blocks on a re-merge, and the canonical form that is hashed on lock.
//
// Every top-level block of the final draft carries `attrs.source` = the id of the section it came
// from, so a re-merge can replace one section's blocks and keep the office's edits elsewhere.
import type { PMJSON } from './convert.js';

/** One section as it goes into the final draft; pass them in outline order. */
export interface ComposeSection {
  sectionId: string;
  /** Official heading number such as '一、' or '（二）'; '' for an unnumbered section. */
  number: string;
  title: string;
  /** Outline depth, 1-based; deeper than 4 is shown as a level-4 heading. */
  level: number;
  /** False for an unnumbered block (导语, 结束语): it gets no heading, only its text. */
  numbered: boolean;
  /** The section's text as doc JSON (see fragmentToJSON). */
  content: PMJSON;
}

/** Where replaceSection puts a section that has no blocks in the draft yet. */
export interface ReplaceOptions {
  /** Ids of the sections before this one in outline order: it goes after the nearest one present, else first. */
  preceding?: readonly string[];
}

const MAX_HEADING_LEVEL = 4;

/**
 * The final draft of a report: for each section a heading `${number}${title}` (none for an
 * unnumbered section), then its blocks; every top-level block has `attrs.source` = its section id.
 * @example composeFinal([{ sectionId: 's1', number: '一、', title: '上半年工作', level: 1, numbered: true, content }])
 */
export function composeFinal(sections: readonly ComposeSection[]): PMJSON {
  return docOf(sections.flatMap(sectionBlocks));
}

/** The top-level blocks one section contributes to the final draft (its heading first). */
export function sectionBlocks(section: ComposeSection): PMJSON[] {
  const blocks: PMJSON[] = [];
  if (section.numbered) {
    const level = Math.min(MAX_HEADING_LEVEL, Math.max(1, Math.trunc(section.level) || 1));
    const text = `${section.number}${section.title}`;
    blocks.push({ type: 'heading', attrs: { level, source: section.sectionId }, ...(text ? { content: [{ type: 'text', text }] } : {}) });
  }
  const content = section.content.content ?? [];
  // An untouched section reads as one empty paragraph: it contributes no text.
  if (!(content.length === 1 && isEmptyParagraph(content[0]!))) {
    for (const block of content) blocks.push(withSource(nestHeading(block, section), section.sectionId));
  }
  return blocks;
}

/**
 * A heading written inside a section sits below the section's own heading in the final draft:
 * the editor's 一级标题 (h2) becomes the next outline level, 二级标题 (h3) the one after (at most 4).
 */
function nestHeading(block: PMJSON, section: ComposeSection): PMJSON {
  if (block.type !== 'heading') return block;
  const inner = Number((block.attrs as { level?: unknown } | undefined)?.level) || 2;
  const base = section.numbered ? Math.max(1, Math.trunc(section.level) || 1) : 0;
  const level = Math.min(MAX_HEADING_LEVEL, base + Math.max(1, inner - 1));
  return { ...block, attrs: { ...block.attrs, level } };
}

/**
 * Replaces the blocks of one section in the final draft (those with `attrs.source === sectionId`)
 * with `blocks`, at the place of the first of them; every other block is kept as it is. A section
 * with no blocks yet goes after the blocks of the nearest `preceding` section present, else first.
 * The input is not modified. `blocks` are stamped with `sectionId`.
 */
export function replaceSection(final: PMJSON, sectionId: string, blocks: readonly PMJSON[], options: ReplaceOptions = {}): PMJSON {
  const current = final.content ?? [];
  const stamped = blocks.map((b) => withSource(b, sectionId));
  const first = current.findIndex((b) => sourceOf(b) === sectionId);
  const kept = current.filter((b) => sourceOf(b) !== sectionId);
  let at: number;
  if (first >= 0) {
    // Blocks of this section before `first` are none by definition, so `first` is also its index in `kept`.
    at = first;
  } else {
    at = 0;
    for (const id of [...(options.preceding ?? [])].reverse()) {
      const last = kept.findLastIndex((b) => sourceOf(b) === id);
      if (last >= 0) {
        at = last + 1;
        break;
      }
    }
  }
  return { ...final, content: fillEmpty([...kept.slice(0, at), ...stamped, ...kept.slice(at)]) };
}

/** The section id a top-level block of the final draft came from, or null. */
export function sourceOf(block: PMJSON): string | null {
  const source = block.attrs?.['source'];
  return typeof source === 'string' ? source : null;
}

/**
 * JSON with object keys sorted (by UTF-16 code units) at every depth and no whitespace, so equal
 * values give byte-identical text: what a locked version's SHA-256 is computed over. Properties
 * whose value is undefined are left out, as JSON.stringify does; non-finite numbers, bigints and a
 * top-level undefined throw a TypeError.
 * @example canonicalJSON({ b: 1, a: [true, null] }) // '{"a":[true,null],"b":1}'
 */
export function canonicalJSON(value: unknown): string {
  const text = write(value);
  if (text === undefined) throw new TypeError('canonicalJSON: the value has no JSON form');
  return text;
}

function write(value: unknown): string | undefined {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError(`canonicalJSON: ${value} has no JSON form`);
      return JSON.stringify(value);
    case 'bigint':
      throw new TypeError('canonicalJSON: a bigint has no JSON form');
    case 'object': {
      if (Array.isArray(value)) return `[${value.map((v) => write(v) ?? 'null').join(',')}]`;
      const toJSON = (value as { toJSON?: unknown }).toJSON;
      if (typeof toJSON === 'function') return write(toJSON.call(value));
      const record = value as Record<string, unknown>;
      const parts: string[] = [];
      for (const key of Object.keys(record).sort()) {
        const text = write(record[key]);
        if (text !== undefined) parts.push(`${JSON.stringify(key)}:${text}`);
      }
      return `{${parts.join(',')}}`;
    }
    default:
      // undefined, functions and symbols have no JSON form.
      return undefined;
  }
}

function withSource(block: PMJSON, sectionId: string): PMJSON {
  return { ...block, attrs: { ...block.attrs, source: sectionId } };
}

function isEmptyParagraph(block: PMJSON): boolean {
  return block.type === 'paragraph' && (block.content ?? []).length === 0;
}

/** A doc needs at least one block. */
function fillEmpty(blocks: PMJSON[]): PMJSON[] {
  return blocks.length > 0 ? blocks : [{ type: 'paragraph', attrs: { source: null } }];
}

function docOf(blocks: PMJSON[]): PMJSON {
  return { type: 'doc', content: fillEmpty(blocks) };
}
