// Unfilled data placeholders (同比增长X%) and masked names (X区) located in a ProseMirror document, and jumping between placeholders.
import { findMasks } from '@hegao/schema';
import type { MaskKind } from '@hegao/schema';
import type { Node as PMNode } from 'prosemirror-model';
import { TextSelection } from 'prosemirror-state';
import type { EditorView } from 'prosemirror-view';

/** A placeholder's document range and matched text. */
export interface PlaceholderRange {
  from: number;
  to: number;
  match: string;
}

/**
 * The plain text of a textblock with, for each UTF-16 unit of it, the document position of that unit.
 * Text contributes its characters; a hard break (or any other inline leaf) one `\n`, so no placeholder
 * runs across a line break; the map stays right whatever the inline node sizes are.
 */
function textblockText(block: PMNode, contentStart: number): { text: string; positions: number[] } {
  let text = '';
  const positions: number[] = [];
  block.forEach((child, offset) => {
    const pos = contentStart + offset;
    if (child.isText) {
      const value = child.text ?? '';
      for (let i = 0; i < value.length; i++) positions.push(pos + i);
      text += value;
    } else {
      positions.push(pos);
      text += '\n';
    }
  });
  return { text, positions };
}

/** A mask's document range, matched text and kind: `number` (a placeholder, 待填数据) or `name` (a masked name, 待确认名称). */
export interface MaskRange extends PlaceholderRange {
  kind: MaskKind;
}

/** The masks of the textblock `block` found at document position `pos`, in order, as `@hegao/schema`'s `findMasks` tells them. */
export function textblockMaskRanges(block: PMNode, pos: number): MaskRange[] {
  const ranges: MaskRange[] = [];
  const { text, positions } = textblockText(block, pos + 1);
  for (const found of findMasks(text)) {
    const first = positions[found.index];
    const last = positions[found.index + found.length - 1];
    if (first === undefined || last === undefined) continue;
    ranges.push({ from: first, to: last + 1, match: found.match, kind: found.kind });
  }
  return ranges;
}

/** The unfilled placeholders (number masks) of the textblock `block` found at document position `pos`, in order. */
export function textblockPlaceholderRanges(block: PMNode, pos: number): PlaceholderRange[] {
  return textblockMaskRanges(block, pos)
    .filter((range) => range.kind === 'number')
    .map(({ from, to, match }) => ({ from, to, match }));
}

/** All unfilled placeholders of `doc` (not the masked names), in document order, found per textblock. */
export function findPlaceholderRanges(doc: PMNode): PlaceholderRange[] {
  const ranges: PlaceholderRange[] = [];
  doc.descendants((node, pos) => {
    if (!node.isTextblock) return true;
    ranges.push(...textblockPlaceholderRanges(node, pos));
    return false;
  });
  return ranges;
}

/** The placeholder to go to from a selection ending at `after`: the first one starting at or after it, wrapping around. */
export function nextPlaceholder(ranges: readonly PlaceholderRange[], after: number): PlaceholderRange | null {
  return ranges.find((range) => range.from >= after) ?? ranges[0] ?? null;
}

/**
 * Selects the next placeholder after the selection (wrapping around to the first), scrolls it into view
 * and focuses the editor. In a read-only editor (which cannot take focus) the browser selection is set
 * directly so the placeholder still shows selected. Returns false when there is none.
 */
export function selectNextPlaceholder(view: EditorView): boolean {
  return selectRange(view, nextPlaceholder(findPlaceholderRanges(view.state.doc), view.state.selection.to));
}

/** Selects the `index`-th placeholder of the section (the report-wide tour), like {@link selectNextPlaceholder}. */
export function selectPlaceholder(view: EditorView, index: number): boolean {
  return selectRange(view, findPlaceholderRanges(view.state.doc)[index] ?? null);
}

function selectRange(view: EditorView, target: PlaceholderRange | null): boolean {
  if (!target) return false;
  const { state } = view;
  view.focus();
  view.dispatch(state.tr.setSelection(TextSelection.create(state.doc, target.from, target.to)).scrollIntoView());
  if (!view.editable) showReadOnlySelection(view, target, { scroll: true });
  return true;
}

/**
 * Puts the browser selection on `range` (and, with `scroll`, scrolls it into view) in a read-only view,
 * whose selection ProseMirror does not draw in the DOM since the view cannot take focus.
 */
export function showReadOnlySelection(view: EditorView, range: { from: number; to: number }, options: { scroll: boolean }): void {
  const selection = view.dom.ownerDocument.getSelection();
  const start = view.domAtPos(range.from);
  const end = view.domAtPos(range.to);
  selection?.setBaseAndExtent(start.node, start.offset, end.node, end.offset);
  if (!options.scroll) return;
  const element = start.node.nodeType === 1 ? (start.node as Element) : start.node.parentElement;
  element?.scrollIntoView?.({ block: 'center', inline: 'nearest' });
}
