// The merged final draft (合稿) as ProseMirror JSON: composing it from approved sections,
// replacing one section's blocks on a re-merge, and the canonical form that is hashed on lock.
//
// Every top-level block of the final draft carries `attrs.source` = the id of the section it came
// from, so a re-merge can replace one section's blocks and keep the office's edits elsewhere.
import { Node } from 'prosemirror-model';
import { docToText, type PMJSON } from './convert.js';
import { schema } from './schema.js';

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

/**
 * Replaces everything of one section in the final draft, from its first block to its last (blocks
 * inserted among them included), with `blocks` as given (not stamped: a paragraph merge decides
 * each block's source). A section with no blocks yet goes where replaceSection puts it.
 */
export function replaceSpan(final: PMJSON, sectionId: string, blocks: readonly PMJSON[], options: ReplaceOptions = {}): PMJSON {
  const current = final.content ?? [];
  const first = current.findIndex((b) => sourceOf(b) === sectionId);
  if (first < 0) return replaceSection(final, sectionId, blocks, options);
  const last = current.findLastIndex((b) => sourceOf(b) === sectionId);
  return { ...final, content: fillEmpty([...current.slice(0, first), ...blocks, ...current.slice(last + 1)]) };
}

/** What the final draft holds of one section now (see {@link sectionInDraft}). */
export interface SectionInDraft {
  /** The top-level blocks whose `attrs.source` is the section, in document order. */
  blocks: PMJSON[];
  /**
   * Other top-level blocks between the first and the last of them: text the office inserted into
   * the section (or moved there). replaceSection keeps them, after the section's new blocks.
   */
  inserted: PMJSON[];
  /** Plain text of everything from the section's first block to its last, inserted blocks included. */
  text: string;
}

/**
 * The blocks of one section in the final draft, the blocks inserted among them, and their text.
 * A paragraph the office split (Enter in the middle copies `attrs.source`) is two blocks of the section.
 */
export function sectionInDraft(final: PMJSON, sectionId: string): SectionInDraft {
  const content = final.content ?? [];
  const first = content.findIndex((b) => sourceOf(b) === sectionId);
  if (first < 0) return { blocks: [], inserted: [], text: '' };
  const last = content.findLastIndex((b) => sourceOf(b) === sectionId);
  const span = content.slice(first, last + 1);
  return {
    blocks: span.filter((b) => sourceOf(b) === sectionId),
    inserted: span.filter((b) => sourceOf(b) !== sectionId),
    text: docToText({ type: 'doc', content: span }),
  };
}

/**
 * Canonical JSON of a list of top-level blocks as the final draft stores them: each block is read
 * through the schema (defaults filled in, adjacent text of the same marks joined), so blocks as
 * composed and the same blocks read back from Yjs give the same text. What a merge records of a
 * section, to tell on the next re-merge whether the office edited it since.
 */
export function blocksFingerprint(blocks: readonly PMJSON[]): string {
  return canonicalJSON(blocks.map((b) => Node.fromJSON(schema, b).toJSON() as PMJSON));
}

/**
 * Whether the office changed a section in the final draft since a merge wrote it: its blocks
 * differ from `merged` (a {@link blocksFingerprint}: text, formatting, a split or joined paragraph,
 * blocks deleted or added), or something was inserted among them. With only the merged plain text
 * known (drafts merged before fingerprints were recorded) the text is compared instead.
 */
export function editedInDraft(final: PMJSON, sectionId: string, merged: { fingerprint: string } | { text: string }): boolean {
  const now = sectionInDraft(final, sectionId);
  if (now.inserted.length > 0) return true;
  if ('fingerprint' in merged) return blocksFingerprint(now.blocks) !== merged.fingerprint;
  return now.text.trimEnd() !== merged.text.trimEnd();
}

/**
 * Cuts a section's blocks loose from it (`attrs.source` set to null) where they are: the office's
 * version of a section deleted from the outline, kept as the office's own text.
 */
export function detachSection(final: PMJSON, sectionId: string): PMJSON {
  const content = (final.content ?? []).map((b) => (sourceOf(b) === sectionId ? { ...b, attrs: { ...b.attrs, source: null } } : b));
  return { ...final, content };
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
