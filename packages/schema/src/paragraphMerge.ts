// Three-way merge of one section's paragraphs (逐段合并): the base is the section as it was last
// merged, one side the office's version in the final draft, the other the bureau's new text. A
// "paragraph" is a top-level block: a paragraph, a heading, a whole table, a whole list.
import type { ParagraphChoice } from '@hegao/contract';
import { Node } from 'prosemirror-model';
import { canonicalJSON } from './compose.js';
import { docToText, type PMJSON } from './convert.js';
import { commonSubsequence as lcs } from './lcs.js';
import { schema } from './schema.js';

/** Where a piece of the merged section came from. */
export type PieceKind =
  /** Neither side changed it. */
  | 'base'
  /** Only the office changed (or inserted, or deleted) it: the office's version. */
  | 'office'
  /** Only the bureau changed (or inserted, or deleted) it: the bureau's version. */
  | 'bureau'
  /** Both changed it the same way. */
  | 'both'
  /** Both changed it differently: see the conflict. */
  | 'conflict';

/** A paragraph both sides changed differently. null: that side deleted it (or it had none). */
export interface ParagraphConflict {
  /** 0-based, in document order among the section's conflicts: the key of a choice. */
  index: number;
  base: PMJSON | null;
  office: PMJSON | null;
  bureau: PMJSON | null;
}

/** One piece of the merged section, in order; `blocks` is empty for a deletion. */
export type MergePiece = { kind: Exclude<PieceKind, 'conflict'>; blocks: PMJSON[] } | { kind: 'conflict'; conflict: ParagraphConflict };

/** The merge of one section's paragraphs, before the conflicts are decided. */
export interface ParagraphMerge {
  pieces: MergePiece[];
  conflicts: ParagraphConflict[];
}

/**
 * Merges the paragraphs of one section three ways. Per paragraph of `base`: one the office did not
 * change takes the bureau's version (changed, or deleted); one the bureau did not change keeps the
 * office's; one both changed the same way is taken once; one both changed differently (or one
 * changed and the other deleted) is a conflict. Paragraphs inserted by either side are kept where
 * they were inserted (the office's first when both inserted at one place; an identical insertion
 * once). A side's edits are found by a longest common subsequence of whole paragraphs; between two
 * paragraphs it kept, the paragraphs it replaced pair in order with the ones it wrote instead.
 */
export function mergeParagraphs(base: readonly PMJSON[], office: readonly PMJSON[], bureau: readonly PMJSON[]): ParagraphMerge {
  const baseKeys = base.map(paragraphKey);
  const o = script(baseKeys, office);
  const b = script(baseKeys, bureau);
  const pieces: MergePiece[] = [];
  const conflicts: ParagraphConflict[] = [];
  const insert = (at: number) => {
    const fromOffice = o.inserted[at + 1]!;
    const fromBureau = b.inserted[at + 1]!;
    const officeKeys = new Set(fromOffice.map(paragraphKey));
    const both = fromBureau.filter((x) => officeKeys.has(paragraphKey(x)));
    const bureauOnly = fromBureau.filter((x) => !officeKeys.has(paragraphKey(x)));
    const bothKeys = new Set(both.map(paragraphKey));
    for (const block of fromOffice) pieces.push({ kind: bothKeys.has(paragraphKey(block)) ? 'both' : 'office', blocks: [block] });
    if (bureauOnly.length > 0) pieces.push({ kind: 'bureau', blocks: bureauOnly });
  };
  insert(-1);
  for (let i = 0; i < base.length; i++) {
    const of = o.fates[i]!;
    const bf = b.fates[i]!;
    const baseBlock = base[i]!;
    if (of.kind === 'keep' && bf.kind === 'keep') pieces.push({ kind: 'base', blocks: [of.block] });
    else if (of.kind === 'keep') pieces.push({ kind: 'bureau', blocks: blocksOf(bf) });
    else if (bf.kind === 'keep') pieces.push({ kind: 'office', blocks: blocksOf(of) });
    else if (sameFate(of, bf)) pieces.push({ kind: 'both', blocks: blocksOf(of) });
    else {
      const conflict: ParagraphConflict = { index: conflicts.length, base: baseBlock, office: blockOf(of), bureau: blockOf(bf) };
      conflicts.push(conflict);
      pieces.push({ kind: 'conflict', conflict });
    }
    insert(i);
  }
  return { pieces, conflicts };
}

/**
 * The merged section's blocks, each conflict decided by `choices` (by conflict index); a conflict
 * without a choice keeps the office's version.
 */
export function resolveParagraphs(merge: ParagraphMerge, choices: Readonly<Record<number, ParagraphChoice>> = {}): PMJSON[] {
  return merge.pieces.flatMap((piece) => {
    if (piece.kind !== 'conflict') return piece.blocks;
    const chosen = choices[piece.conflict.index] === 'bureau' ? piece.conflict.bureau : piece.conflict.office;
    return chosen ? [chosen] : [];
  });
}

/** How many pieces of each kind a merge has (a deletion counts as a piece). */
export function countPieces(merge: ParagraphMerge): Record<PieceKind, number> {
  const counts: Record<PieceKind, number> = { base: 0, office: 0, bureau: 0, both: 0, conflict: 0 };
  for (const piece of merge.pieces) counts[piece.kind] += piece.kind === 'conflict' ? 1 : Math.max(1, piece.blocks.length);
  return counts;
}

/** Plain text of one block, as docToText shows it (a table row per line). */
export function blockText(block: PMJSON | null): string | null {
  return block === null ? null : docToText({ type: 'doc', content: [block] });
}

/**
 * What a paragraph is compared by: its content, type and attributes as the schema reads them,
 * except `source` (a block moved between sections, or split by the office, is the same paragraph).
 */
export function paragraphKey(block: PMJSON): string {
  const node = Node.fromJSON(schema, { ...block, attrs: { ...block.attrs, source: null } });
  return canonicalJSON(node.toJSON());
}

/** What one side did to a base paragraph. */
type Fate = { kind: 'keep'; block: PMJSON } | { kind: 'change'; block: PMJSON } | { kind: 'delete' };

interface Script {
  /** Per base paragraph. */
  fates: Fate[];
  /** Paragraphs inserted after base paragraph i, at index i + 1 (index 0: before the first). */
  inserted: PMJSON[][];
}

function blocksOf(fate: Fate): PMJSON[] {
  return fate.kind === 'delete' ? [] : [fate.block];
}

function blockOf(fate: Fate): PMJSON | null {
  return fate.kind === 'delete' ? null : fate.block;
}

function sameFate(a: Fate, b: Fate): boolean {
  if (a.kind === 'delete' || b.kind === 'delete') return a.kind === b.kind;
  return paragraphKey(a.block) === paragraphKey(b.block);
}

/** What `side` did to `base`: kept, changed or deleted each paragraph, and what it inserted where. */
function script(baseKeys: readonly string[], side: readonly PMJSON[]): Script {
  const sideKeys = side.map(paragraphKey);
  const pairs = lcs(baseKeys, sideKeys);
  const fates: Fate[] = [];
  const inserted: PMJSON[][] = Array.from({ length: baseKeys.length + 1 }, () => []);
  let bi = 0;
  let si = 0;
  for (const [pb, ps] of [...pairs, [baseKeys.length, side.length] as const]) {
    // Between two kept paragraphs: base [bi, pb) was replaced by side [si, ps), paired in order.
    const replaced = pb - bi;
    const written = ps - si;
    const paired = Math.min(replaced, written);
    for (let k = 0; k < paired; k++) fates.push({ kind: 'change', block: side[si + k]! });
    for (let k = paired; k < replaced; k++) fates.push({ kind: 'delete' });
    // Extra paragraphs the side wrote go after the last base paragraph they follow.
    const anchor = bi + paired - 1;
    for (let k = paired; k < written; k++) inserted[anchor + 1]!.push(side[si + k]!);
    if (pb < baseKeys.length) fates.push({ kind: 'keep', block: side[ps]! });
    bi = pb + 1;
    si = ps + 1;
  }
  return { fates, inserted };
}
