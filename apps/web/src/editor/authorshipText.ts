// The plain text of an editor document laid out exactly as `docToText` (@hegao/schema) lays it out,
// with the document position of every character, and the alignment of an older text (the one the
// server described) with it. The 显示修改人 tint (./authorshipMarks.ts) maps server offsets through both.
import type { Node as PMNode } from 'prosemirror-model';
import { diffText } from '../components/final/textDiff';

/** Position of a character that has none in the document (a line break between blocks, a tab between cells). */
export const NO_POSITION = -1;

/** A document's plain text and, per UTF-16 code unit of it, the document position of that unit. */
export interface TextMap {
  text: string;
  /** `positions[i]` is where `text[i]` lies in the document, or {@link NO_POSITION}. */
  positions: Int32Array;
}

/** Text built piece by piece with its positions. */
class Builder {
  text = '';
  readonly positions: number[] = [];

  push(text: string, from: number): void {
    this.text += text;
    for (let k = 0; k < text.length; k++) this.positions.push(from === NO_POSITION ? NO_POSITION : from + k);
  }

  append(other: Builder): void {
    this.text += other.text;
    // A loop, not push(...): a long paragraph would overflow the argument stack.
    for (const pos of other.positions) this.positions.push(pos);
  }
}

/**
 * The document's text as `docToText` gives it for the same document — one line per paragraph or
 * heading (list items without markers), a hard break as '\n', a table row as one line of cells
 * separated by '\t' (inside a cell, paragraphs and hard breaks become a space) — with positions.
 *
 * @example
 * textMap(doc) // { text: '标题\n正文', positions: [1, 2, -1, 5, 6] }
 */
export function textMap(doc: PMNode): TextMap {
  const out = join(blockLines(doc, 0, false), '\n');
  return { text: out.text, positions: Int32Array.from(out.positions) };
}

/** Joins lines with a separator that has no document position. */
function join(lines: readonly Builder[], separator: string): Builder {
  const out = new Builder();
  lines.forEach((line, index) => {
    if (index > 0) out.push(separator, NO_POSITION);
    out.append(line);
  });
  return out;
}

/** The lines of a block whose content starts at `start` (mirrors `blockLines` of convert.ts). */
function blockLines(node: PMNode, start: number, inCell: boolean): Builder[] {
  if (node.isTextblock) return [inlineText(node, start, inCell ? ' ' : '\n')];
  if (node.type.name === 'table_row') {
    const cells: Builder[] = [];
    node.forEach((cell, offset) => cells.push(join(blockLines(cell, start + offset + 1, true), ' ')));
    return [join(cells, '\t')];
  }
  const lines: Builder[] = [];
  node.forEach((child, offset) => {
    if (child.isInline) lines.push(inlineText(child, start + offset, inCell ? ' ' : '\n', true));
    else lines.push(...blockLines(child, start + offset + 1, inCell));
  });
  return lines;
}

/**
 * The text of a textblock's inline content starting at `start`; with `self`, of the single inline
 * node at `start` itself.
 */
function inlineText(node: PMNode, start: number, breakAs: string, self = false): Builder {
  const out = new Builder();
  const visit = (child: PMNode, pos: number): void => {
    if (child.isText) out.push(child.text ?? '', pos);
    else if (child.type.name === 'hard_break') out.push(breakAs, pos);
    else child.forEach((inner, offset) => visit(inner, pos + offset + 1));
  };
  if (self) visit(node, start);
  else node.forEach((child, offset) => visit(child, start + offset));
  return out;
}

/**
 * Where each UTF-16 offset of `before` (the text the server described) is in `after` (the editor's
 * text now): the offset of the same character, or -1 when it was deleted or replaced since. Text
 * typed since (in `after` only) is simply never pointed at.
 *
 * @example
 * alignOffsets('甲乙丙', '甲X乙丙') // [0, 2, 3]
 */
export function alignOffsets(before: string, after: string): Int32Array {
  const map = new Int32Array(before.length).fill(-1);
  // The common start and end by plain comparison (a keystroke since the fetch leaves the rest
  // alike); only the middle goes through the diff, so a long section re-aligns in linear time.
  const shorter = Math.min(before.length, after.length);
  let start = 0;
  while (start < shorter && before.charCodeAt(start) === after.charCodeAt(start)) start++;
  if (start > 0 && start < before.length && isLowSurrogate(before.charCodeAt(start))) start--;
  let endBefore = before.length;
  let endAfter = after.length;
  while (endBefore > start && endAfter > start && before.charCodeAt(endBefore - 1) === after.charCodeAt(endAfter - 1)) {
    endBefore--;
    endAfter--;
  }
  if (endBefore < before.length && isLowSurrogate(before.charCodeAt(endBefore)) && endBefore > start) {
    endBefore++;
    endAfter++;
  }
  for (let i = 0; i < start; i++) map[i] = i;
  for (let i = endBefore; i < before.length; i++) map[i] = i - endBefore + endAfter;
  if (endBefore === start) return map;

  let i = start;
  let j = start;
  for (const part of diffText(before.slice(start, endBefore), after.slice(start, endAfter))) {
    const n = part.text.length;
    if (part.kind === 'equal') {
      for (let k = 0; k < n; k++) map[i + k] = j + k;
      i += n;
      j += n;
    } else if (part.kind === 'delete') {
      i += n;
    } else {
      j += n;
    }
  }
  return map;
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}
