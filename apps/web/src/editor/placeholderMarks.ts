// Marks every unfilled data placeholder (同比增长X%) in the text — a click on one selects it for typing over — and,
// apart and more lightly, every masked name (X区, X古镇), which is to be confirmed rather than filled.
import type { MaskKind } from '@hegao/schema';
import type { Node as PMNode } from 'prosemirror-model';
import { Plugin, PluginKey, TextSelection } from 'prosemirror-state';
import type { EditorState, Transaction } from 'prosemirror-state';
import { Decoration, DecorationSet } from 'prosemirror-view';
import type { EditorView } from 'prosemirror-view';
import { showReadOnlySelection, textblockMaskRanges } from './placeholders';
import type { MaskRange, PlaceholderRange } from './placeholders';

/** CSS class of a marked placeholder (editor.css). */
export const PLACEHOLDER_MARK_CLASS = 'placeholder-mark';

/** Attributes of the marking span; one object shared by all decorations so equal ones compare cheaply. */
const MARK_ATTRS = {
  class: PLACEHOLDER_MARK_CLASS,
  title: '待填数据，点击选中',
  'data-testid': 'placeholder-mark',
};

/** CSS class of a marked masked name (editor.css): a light dotted underline, not clickable. */
export const MASKED_NAME_MARK_CLASS = 'masked-name-mark';

/** Attributes of the span marking a masked name (X区, X古镇): not counted, not in the placeholder tour. */
const NAME_ATTRS = {
  class: MASKED_NAME_MARK_CLASS,
  title: '待确认名称',
  'data-testid': 'masked-name-mark',
};

/** Spec of a mask decoration: the matched text (`X`, `XX`, `X.X`, `20XX`) and whether it is a placeholder or a name. */
interface MarkSpec {
  placeholder: string;
  kind: MaskKind;
}

const isPlaceholderSpec = (spec: MarkSpec): boolean => spec.kind === 'number';
const isNameSpec = (spec: MarkSpec): boolean => spec.kind === 'name';

/** Key of the placeholder plugin; its state is the DecorationSet. */
export const placeholderMarksKey = new PluginKey<DecorationSet>('hegao-placeholder-marks');

function markOf(range: MaskRange): Decoration {
  const spec: MarkSpec = { placeholder: range.match, kind: range.kind };
  return Decoration.inline(range.from, range.to, range.kind === 'number' ? MARK_ATTRS : NAME_ATTRS, spec);
}

/** Decorations of every placeholder and masked name in `doc`. */
function buildMarks(doc: PMNode): DecorationSet {
  const marks: Decoration[] = [];
  doc.descendants((node, pos) => {
    if (!node.isTextblock) return true;
    for (const range of textblockMaskRanges(node, pos)) marks.push(markOf(range));
    return false;
  });
  return DecorationSet.create(doc, marks);
}

/** The ranges of `tr.doc` that `tr`'s steps wrote (inserted or replaced content), in its coordinates. */
function changedRanges(tr: Transaction): Array<{ from: number; to: number }> {
  const ranges: Array<{ from: number; to: number }> = [];
  tr.mapping.maps.forEach((map, index) => {
    const later = tr.mapping.slice(index + 1);
    map.forEach((_oldStart, _oldEnd, newStart, newEnd) => {
      ranges.push({ from: later.map(newStart, -1), to: later.map(newEnd, 1) });
    });
  });
  return ranges;
}

/**
 * The decorations after `tr`: those of untouched textblocks are mapped, the textblocks that `tr` changed
 * (any block a changed range reaches into or borders on) are scanned again. Placeholders never span two
 * textblocks, so that is exact. y-prosemirror renders every change received through Yjs by replacing the
 * whole document, which rescans everything, as a section of a few thousand characters affords.
 */
function updateMarks(tr: Transaction, marks: DecorationSet): DecorationSet {
  const doc = tr.doc;
  const size = doc.content.size;
  const ranges = changedRanges(tr);
  if (ranges.some((range) => range.from <= 0 && range.to >= size)) return buildMarks(doc);
  const blocks = new Map<number, PMNode>();
  for (const range of ranges) {
    doc.nodesBetween(Math.max(0, range.from - 1), Math.min(size, range.to + 1), (node, pos) => {
      if (!node.isTextblock) return true;
      blocks.set(pos, node);
      return false;
    });
  }
  const mapped = marks.map(tr.mapping, doc);
  if (blocks.size === 0) return mapped;
  const stale: Decoration[] = [];
  const fresh: Decoration[] = [];
  for (const [pos, block] of blocks) {
    stale.push(...mapped.find(pos + 1, pos + 1 + block.content.size));
    for (const range of textblockMaskRanges(block, pos)) fresh.push(markOf(range));
  }
  return mapped.remove(stale).add(doc, fresh);
}

function markedRanges(state: EditorState, predicate: (spec: MarkSpec) => boolean): PlaceholderRange[] {
  const marks = placeholderMarksKey.getState(state);
  if (!marks) return [];
  return marks
    .find(undefined, undefined, predicate)
    .map((mark) => ({ from: mark.from, to: mark.to, match: (mark.spec as MarkSpec).placeholder }))
    .sort((a, b) => a.from - b.from);
}

/** The marked placeholder ranges of `state` (not the masked names), in document order. */
export function placeholderMarkRanges(state: EditorState): PlaceholderRange[] {
  return markedRanges(state, isPlaceholderSpec);
}

/** The marked masked-name ranges of `state` (X区, X古镇), in document order. */
export function maskedNameMarkRanges(state: EditorState): PlaceholderRange[] {
  return markedRanges(state, isNameSpec);
}

function isElement(target: EventTarget | null): target is Element {
  return target !== null && typeof (target as Partial<Element>).closest === 'function';
}

/**
 * The placeholder a click hit: the one whose marking span is the event target — `pos` alone cannot tell a
 * click on the right half of the X in `X%` from one on the left half of the % — or, for an event without
 * a DOM target, the one containing or bordering `pos`. Null when the click was on other text.
 */
function clickedPlaceholder(view: EditorView, pos: number, event: MouseEvent): PlaceholderRange | null {
  const marks = placeholderMarksKey.getState(view.state);
  if (!marks) return null;
  let at = pos;
  let inside = (mark: Decoration): boolean => mark.from <= at && at <= mark.to;
  const target = event.target;
  if (isElement(target)) {
    const element = target.closest(`.${PLACEHOLDER_MARK_CLASS}`);
    if (!element || !view.dom.contains(element)) return null;
    at = view.posAtDOM(element, 0);
    inside = (mark) => mark.from <= at && at < mark.to;
  }
  const mark = marks.find(at, at, isPlaceholderSpec).find(inside);
  return mark ? { from: mark.from, to: mark.to, match: (mark.spec as MarkSpec).placeholder } : null;
}

/**
 * Click handler: a plain left click on a marked placeholder selects exactly it, so what is typed next
 * replaces it. A second click on the placeholder already selected is left to ProseMirror and puts the
 * caret where it lands (to change one character of `20XX`). Clicks with Shift (extending the selection)
 * or another modifier are not taken. In a read-only view the placeholder is selected all the same.
 */
export function handlePlaceholderClick(view: EditorView, pos: number, event: MouseEvent): boolean {
  if (event.button !== 0 || event.shiftKey || event.ctrlKey || event.metaKey || event.altKey) return false;
  const range = clickedPlaceholder(view, pos, event);
  if (!range) return false;
  const { selection, doc } = view.state;
  if (selection.from === range.from && selection.to === range.to) return false;
  view.dispatch(view.state.tr.setSelection(TextSelection.create(doc, range.from, range.to)));
  if (!view.editable) showReadOnlySelection(view, range, { scroll: false });
  return true;
}

/**
 * A plugin that marks every unfilled data placeholder found by `@hegao/schema`'s `findPlaceholders`
 * (per textblock, as the 「N 处待填数据」 count does) with a `span.placeholder-mark`
 * (`data-testid="placeholder-mark"`, title 待填数据，点击选中), and every masked name (`findMaskedNames`:
 * X区, X古镇, 海雅X缤纷城) with a lighter `span.masked-name-mark` (title 待确认名称; not counted, not in
 * the tour, not taken by clicks). Kept current as the text changes; a click on a placeholder selects it.
 * Writable and read-only views alike.
 */
export function placeholderMarksPlugin(): Plugin<DecorationSet> {
  return new Plugin<DecorationSet>({
    key: placeholderMarksKey,
    state: {
      init: (_config, state) => buildMarks(state.doc),
      apply: (tr, marks) => (tr.docChanged ? updateMarks(tr, marks) : marks),
    },
    props: {
      decorations: (state) => placeholderMarksKey.getState(state),
      handleClick: handlePlaceholderClick,
    },
  });
}
