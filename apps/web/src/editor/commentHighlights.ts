// Highlights the text ranges that comment threads are anchored to, following concurrent edits.
import { Plugin, PluginKey, type EditorState, type Transaction } from 'prosemirror-state';
import { Decoration, DecorationSet } from 'prosemirror-view';
import { ySyncPluginKey } from 'y-prosemirror';
import { RelativePositionCache, resolveAnchor, type EncodedAnchor } from './commentAnchors';
import './commentHighlights.css';

/** One range to highlight: an open thread, or the draft of a comment being written. */
export interface HighlightAnchor {
  id: string;
  anchor: EncodedAnchor;
  /** A draft is shown differently and cannot be clicked. */
  draft?: boolean;
}

/** What the plugin shows: the anchors and the thread shown as active (open in the panel). */
export interface HighlightData {
  anchors: readonly HighlightAnchor[];
  activeId: string | null;
}

/** Where the plugin reads its data from (a `ValueStore<HighlightData>` fits). */
export interface HighlightSource {
  get(): HighlightData;
  subscribe(listener: () => void): () => void;
}

/** Options of {@link commentHighlightsPlugin}. */
export interface CommentHighlightsOptions {
  source: HighlightSource;
  /** Called with a thread id when its highlighted text is clicked. */
  onOpen?: (id: string) => void;
}

interface HighlightSpec {
  commentId: string;
  draft: boolean;
}

/** Key of the highlight plugin; its state is the DecorationSet. */
export const commentHighlightsKey = new PluginKey<DecorationSet>('hegao-comment-highlights');

const REFRESH = 'refresh';

/** CSS class of highlighted text. */
export const HIGHLIGHT_CLASS = 'hg-comment-mark';

/**
 * A plugin that paints yellow the ranges of `source`'s anchors. Anchors are Yjs relative positions, so
 * they are resolved again from Yjs whenever the document changes through Yjs (remote edits, undo: the
 * sync binding re-renders the whole document then, and its mapping is current); local edits map the
 * painted ranges through the transaction, which is exact. Changes of the source repaint at once.
 * One plugin instance may serve several views one after the other (StrictMode remounts).
 */
export function commentHighlightsPlugin(options: CommentHighlightsOptions): Plugin<DecorationSet> {
  const cache = new RelativePositionCache();
  const compute = (state: EditorState): DecorationSet => buildDecorations(state, options.source.get(), cache);

  return new Plugin<DecorationSet>({
    key: commentHighlightsKey,
    state: {
      init: (_config, state) => compute(state),
      apply(tr: Transaction, value: DecorationSet, _old: EditorState, state: EditorState): DecorationSet {
        if (tr.getMeta(commentHighlightsKey) === REFRESH) return compute(state);
        if (!tr.docChanged) return value;
        const sync = tr.getMeta(ySyncPluginKey) as { isChangeOrigin?: boolean } | undefined;
        return sync?.isChangeOrigin ? compute(state) : value.map(tr.mapping, tr.doc);
      },
    },
    props: {
      decorations: (state) => commentHighlightsKey.getState(state),
      handleClick(view, pos) {
        const id = threadAt(view.state, pos);
        if (id !== null) options.onOpen?.(id);
        return false;
      },
    },
    view(view) {
      const stop = options.source.subscribe(() => {
        if (!view.isDestroyed) view.dispatch(view.state.tr.setMeta(commentHighlightsKey, REFRESH));
      });
      return { destroy: stop };
    },
  });
}

/** The decorations of `data`'s anchors that resolve in `state`. */
function buildDecorations(state: EditorState, data: HighlightData, cache: RelativePositionCache): DecorationSet {
  const decorations: Decoration[] = [];
  for (const { id, anchor, draft = false } of data.anchors) {
    const range = resolveAnchor(state, anchor, cache);
    if (!range) continue;
    let className = HIGHLIGHT_CLASS;
    if (draft) className += ` ${HIGHLIGHT_CLASS}--draft`;
    else if (id === data.activeId) className += ` ${HIGHLIGHT_CLASS}--active`;
    const spec: HighlightSpec = { commentId: id, draft };
    decorations.push(Decoration.inline(range.from, range.to, { class: className, 'data-comment-id': id }, spec));
  }
  return DecorationSet.create(state.doc, decorations);
}

/** Where each highlighted thread lies now (first to last character), by thread id; drafts excluded. */
export function highlightRanges(state: EditorState): Map<string, { from: number; to: number }> {
  const ranges = new Map<string, { from: number; to: number }>();
  const set = commentHighlightsKey.getState(state);
  if (!set) return ranges;
  for (const decoration of set.find()) {
    const spec = decoration.spec as Partial<HighlightSpec>;
    if (!spec.commentId || spec.draft) continue;
    const known = ranges.get(spec.commentId);
    ranges.set(spec.commentId, {
      from: Math.min(known?.from ?? decoration.from, decoration.from),
      to: Math.max(known?.to ?? decoration.to, decoration.to),
    });
  }
  return ranges;
}

/** The thread highlighted at `pos` (the shortest range when several overlap), or null. */
export function threadAt(state: EditorState, pos: number): string | null {
  const set = commentHighlightsKey.getState(state);
  if (!set) return null;
  let best: { id: string; length: number } | null = null;
  for (const decoration of set.find(pos, pos)) {
    const spec = decoration.spec as Partial<HighlightSpec>;
    if (!spec.commentId || spec.draft || pos < decoration.from || pos > decoration.to) continue;
    const length = decoration.to - decoration.from;
    if (!best || length < best.length) best = { id: spec.commentId, length };
  }
  return best?.id ?? null;
}
