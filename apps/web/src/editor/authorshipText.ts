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

/** Text written piece by piece with a position per UTF-16 unit, into one growing array. */
class Writer {
  private readonly pieces: string[] = [];
  private positions: Int32Array;
  private length = 0;

  constructor(capacity: number) {
    this.positions = new Int32Array(Math.max(16, capacity));
  }

  push(text: string, from: number): void {
    if (this.length + text.length > this.positions.length) {
      const grown = new Int32Array(Math.max(this.positions.length * 2, this.length + text.length));
      grown.set(this.positions);
      this.positions = grown;
    }
    for (let k = 0; k < text.length; k++) this.positions[this.length + k] = from === NO_POSITION ? NO_POSITION : from + k;
    this.length += text.length;
    this.pieces.push(text);
  }

  result(): TextMap {
    return { text: this.pieces.join(''), positions: this.positions.slice(0, this.length) };
  }
}

/**
 * The document's text as `docToText` gives it for the same document — one line per paragraph or
 * heading (list items without markers), a hard break as '\n', a table row as one line of cells
 * separated by '\t' (inside a cell, paragraphs and hard breaks become a space) — with positions.
 * One pass, linear in the document's size.
 *
 * @example
 * textMap(doc) // { text: '标题\n正文', positions: [1, 2, -1, 5, 6] }
 */
export function textMap(doc: PMNode): TextMap {
  const out = new Writer(doc.content.size);
  let first = true;
  writeLines(out, doc, 0, false, () => {
    if (!first) out.push('\n', NO_POSITION);
    first = false;
  });
  return out.result();
}

/**
 * Writes the lines of a block whose content starts at `start` (mirrors `blockLines` of convert.ts);
 * `beginLine` writes the separator before each line.
 */
function writeLines(out: Writer, node: PMNode, start: number, inCell: boolean, beginLine: () => void): void {
  const breakAs = inCell ? ' ' : '\n';
  if (node.isTextblock) {
    beginLine();
    node.forEach((child, offset) => writeInline(out, child, start + offset, breakAs));
    return;
  }
  if (node.type.name === 'table_row') {
    beginLine();
    let firstCell = true;
    node.forEach((cell, offset) => {
      if (!firstCell) out.push('\t', NO_POSITION);
      firstCell = false;
      let firstLine = true;
      writeLines(out, cell, start + offset + 1, true, () => {
        if (!firstLine) out.push(' ', NO_POSITION);
        firstLine = false;
      });
    });
    return;
  }
  node.forEach((child, offset) => {
    if (child.isInline) {
      beginLine();
      writeInline(out, child, start + offset, breakAs);
    } else {
      writeLines(out, child, start + offset + 1, inCell, beginLine);
    }
  });
}

/** Writes an inline node at `pos`: its text, a hard break as `breakAs`, other inline content's text. */
function writeInline(out: Writer, node: PMNode, pos: number, breakAs: string): void {
  if (node.isText) out.push(node.text ?? '', pos);
  else if (node.type.name === 'hard_break') out.push(breakAs, pos);
  else node.forEach((inner, offset) => writeInline(out, inner, pos + offset + 1, breakAs));
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
