/**
 * The plain text of a Yjs section document (exactly what `fragmentToText` gives) together with,
 * for every character, the Yjs item that put it there — the key to who wrote it. Walks the Yjs
 * tree with the rules of `docToText`: one line per textblock (list items without markers), a hard
 * break as a line break, one line per table row with its cells separated by `\t` and, inside a
 * cell, paragraphs and hard breaks as a space.
 *
 * Characters typed into an XmlText come from its string items (the run's first character has the
 * item's clock, the next ones the following clocks). Separators the text format adds — the space
 * between two paragraphs of a cell, the tab before a cell, a hard break shown as a space — belong
 * to the element that causes them (the paragraph, the cell, the hard break). Line breaks between
 * lines belong to no one and have no run.
 */
import * as Y from 'yjs';
import { schema } from './schema.js';

/** Characters [start, end) of the text come from the Yjs item `client`/`clock` onwards. */
export interface TextRun {
  start: number;
  end: number;
  client: number;
  /** Clock of the character at `start`; the run's characters have consecutive clocks (a separator: its element's clock, length 1). */
  clock: number;
}

/** A line of the text and the top-level block (child of the fragment) it belongs to. */
export interface TextLine {
  start: number;
  /** Exclusive; the line break after it is not part of the line. */
  end: number;
  /** The child of the fragment the line is in. */
  block: Y.XmlElement | null;
  /** The element that makes the line: its textblock or table row (null for text directly in the fragment). */
  element: Y.XmlElement | null;
}

/** Text and runs of a document. */
export interface TextWithRuns {
  text: string;
  /** In order, covering every character of `text` but the line breaks between lines. */
  runs: TextRun[];
  /** Every line of `text`, one per textblock or table row (a hard break stays inside its line), in order. */
  lines: TextLine[];
}

/** Appends text and its runs, tracking offsets. */
class Builder {
  text = '';
  readonly runs: TextRun[] = [];
  readonly lines: TextLine[] = [];

  /** Ends the current line here (before the line break that follows it). */
  endLine(): void {
    const last = this.lines[this.lines.length - 1];
    if (last) last.end = this.text.length;
  }

  /** Starts a line of `block` here. */
  line(block: Y.XmlElement | null, element: Y.XmlElement | null): void {
    this.lines.push({ start: this.text.length, end: this.text.length, block, element });
  }

  finish(): void {
    const last = this.lines[this.lines.length - 1];
    if (last) last.end = this.text.length;
  }

  add(chars: string, client: number, clock: number): void {
    if (chars === '') return;
    const start = this.text.length;
    this.text += chars;
    const last = this.runs[this.runs.length - 1];
    // Adjacent characters of one item split by formatting items are one run.
    if (last && last.end === start && last.client === client && last.clock + (last.end - last.start) === clock) last.end = this.text.length;
    else this.runs.push({ start, end: this.text.length, client, clock });
  }

  /** A character the text format adds for an element (no run for a line break). */
  separator(char: string, owner: Y.XmlElement): void {
    if (char === '\n') {
      this.text += char;
      return;
    }
    const item = owner._item;
    if (item) this.add(char, item.id.client, item.id.clock);
    else this.text += char;
  }
}

const isInlineName = (name: string): boolean => schema.nodes[name]?.isInline ?? false;

/** Which items count as present: by default those not deleted (the document now). */
type Visible = (item: Y.Item) => boolean;
const notDeleted: Visible = (item) => !item.deleted;
let visible: Visible = notDeleted;

/** The present children of an element or fragment (`toArray()` when reading the document now). */
function childrenOf(parent: Y.XmlElement | Y.XmlFragment): unknown[] {
  if (visible === notDeleted) return parent.toArray();
  const out: unknown[] = [];
  for (let item = parent._start; item !== null; item = item.right) {
    if (item.content instanceof Y.ContentType && visible(item)) out.push(item.content.type);
  }
  return out;
}

/** Whether an element is a textblock: known as one, or (unknown) holding inline content, as docToText decides. */
function isTextblock(el: Y.XmlElement): boolean {
  const type = schema.nodes[el.nodeName];
  if (type) return type.isTextblock;
  return childrenOf(el).some((child) => child instanceof Y.XmlText || (child instanceof Y.XmlElement && isInlineName(child.nodeName)));
}

/** The visible string items of an XmlText, in order. */
function textItems(text: Y.XmlText, out: Builder): void {
  for (let item = text._start; item !== null; item = item.right) {
    if (!visible(item) || !(item.content instanceof Y.ContentString)) continue;
    out.add(item.content.str, item.id.client, item.id.clock);
  }
}

/** Inline content of a textblock (or an inline element), with `breakAs` for hard breaks. */
function inline(children: readonly unknown[], breakAs: string, out: Builder): void {
  for (const child of children) {
    if (child instanceof Y.XmlText) textItems(child, out);
    else if (child instanceof Y.XmlElement) {
      if (child.nodeName === 'hard_break') out.separator(breakAs, child);
      else inline(childrenOf(child), breakAs, out);
    }
  }
}

/** Lines of a block, as docToText's blockLines, written into `out` with '\n' between them. */
function block(
  el: Y.XmlElement | Y.XmlFragment,
  inCell: boolean,
  out: Builder,
  first: { value: boolean },
  owner: Y.XmlElement | null,
  top: Y.XmlElement | null,
): void {
  const newLine = (lineOwner: Y.XmlElement | null) => {
    if (!first.value) {
      // docToText joins the lines of a cell with a space, elsewhere with a line break.
      if (inCell && lineOwner) out.separator(' ', lineOwner);
      else if (inCell) out.text += ' ';
      else {
        out.endLine();
        out.text += '\n';
      }
    }
    if (!inCell) out.line(top, lineOwner);
    first.value = false;
  };
  if (el instanceof Y.XmlElement && isTextblock(el)) {
    newLine(el);
    inline(childrenOf(el), inCell ? ' ' : '\n', out);
    return;
  }
  if (el instanceof Y.XmlElement && el.nodeName === 'table_row') {
    newLine(el);
    let firstCell = true;
    for (const cell of childrenOf(el)) {
      if (!(cell instanceof Y.XmlElement)) continue;
      if (!firstCell) out.separator('\t', cell);
      firstCell = false;
      block(cell, true, out, { value: true }, cell, top);
    }
    return;
  }
  for (const child of childrenOf(el)) {
    if (child instanceof Y.XmlText || (child instanceof Y.XmlElement && isInlineName(child.nodeName))) {
      newLine(owner);
      inline([child], inCell ? ' ' : '\n', out);
    } else if (child instanceof Y.XmlElement) {
      block(child, inCell, out, first, child, top ?? child);
    }
  }
}

/**
 * Text (as `fragmentToText`) and, per character, the Yjs item it comes from. `opts.visible` reads
 * another set of items than the document's present ones — e.g. everything present at one of two
 * moments of a document that keeps deleted content (gc off), for a diff: a string item is read
 * whole when visible (the caller sorts its characters out by clock).
 * @example const { text, runs } = textWithRuns(doc.getXmlFragment('prosemirror'));
 */
export function textWithRuns(fragment: Y.XmlFragment, opts: { visible?: (item: Y.Item) => boolean } = {}): TextWithRuns {
  const out = new Builder();
  visible = opts.visible ?? notDeleted;
  try {
    block(fragment, false, out, { value: true }, null, null);
  } finally {
    visible = notDeleted;
  }
  out.finish();
  return { text: out.text, runs: out.runs, lines: out.lines };
}
