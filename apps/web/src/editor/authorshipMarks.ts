// 显示修改人: tints the text of a section by who wrote it, from the spans the server described
// (GET /api/sections/:id/authorship), kept on the right characters while the text changes.
import { Plugin, PluginKey, type EditorState, type Transaction } from 'prosemirror-state';
import type { Node as PMNode } from 'prosemirror-model';
import { Mapping, StepMap } from 'prosemirror-transform';
import { Decoration, DecorationSet, type EditorView } from 'prosemirror-view';
import { ySyncPluginKey } from 'y-prosemirror';
import type { Authorship, AuthorshipDeleted, AuthorshipSpan } from '../api/authorshipApi';
import { safeColor } from './remoteCursor';
import { authorRun, translucent, writtenAt, type AuthorRun } from '../model/authorship';
import { alignOffsets, NO_POSITION, textMap } from './authorshipText';
import './authorshipMarks.css';

/**
 * What the plugin shows: the fetched authorship, and whether the runs are keyboard stops (for a
 * read-only editor, which has no caret to put into a run).
 */
export type AuthorshipShown = Authorship & { focusable?: boolean; showDeleted?: boolean };

/** Where the plugin reads what to show from (a `ValueStore<AuthorshipShown | null>` fits); null: off. */
export interface AuthorshipSource {
  get(): AuthorshipShown | null;
  subscribe(listener: () => void): () => void;
}

/** The run the card is shown for, and where: a client rectangle of the text it is about. */
export interface ActiveRun {
  run: AuthorRun;
  /** Client coordinates (as getBoundingClientRect gives them) of the hovered text or the caret. */
  rect: { left: number; top: number; bottom: number };
  /** How it was reached: the pointer over it, a tap or click on it, the caret in it, or Tab onto it. */
  via: 'hover' | 'tap' | 'caret' | 'focus';
}

/** Options of {@link authorshipMarksPlugin}. */
export interface AuthorshipMarksOptions {
  source: AuthorshipSource;
  /** Called when the run under the pointer or the caret changes (null: none, or Esc pressed). */
  onActive?: (active: ActiveRun | null) => void;
}

/**
 * The plugin's state: every tint (`all`) and those shown so far (`shown`: the tints starting before
 * `limit`). A first tint of a long section is shown a slice at a time, so the page never stalls.
 */
export interface AuthorshipMarksState {
  all: DecorationSet;
  shown: DecorationSet;
  /** Tints starting before this position are shown; {@link COMPLETE} once all are. */
  limit: number;
  /** The last change of the document was made here (typing), not by a colleague. */
  typed?: boolean;
}

/** Key of the plugin. */
export const authorshipMarksKey = new PluginKey<AuthorshipMarksState>('hegao-authorship');

const REFRESH = 'refresh';
const STEP = 'step';
const COMPLETE = Number.MAX_SAFE_INTEGER;
/** Document positions tinted per slice of a first tint (each slice is one short task). */
export const SLICE = 1500;
/** Keys that move the caret; a selection change within NAVIGATION_MS of one is the user's. */
const NAVIGATION_KEYS = new Set(['ArrowLeft', 'ArrowRight', 'ArrowUp', 'ArrowDown', 'Home', 'End', 'PageUp', 'PageDown']);
const NAVIGATION_MS = 1000;
const MODIFIER_KEYS = new Set(['Shift', 'Control', 'Alt', 'Meta', 'CapsLock']);

/** CSS class of tinted text. */
export const AUTHOR_CLASS = 'hg-author';
/** Class of deleted text shown struck through. */
export const DELETED_CLASS = 'hg-deleted';

/** Opacity of the tint behind text (the underline has the full colour). */
export const TINT_ALPHA = 0.18;

interface AuthorSpec {
  author: AuthorRun;
  focusable: boolean;
}

/**
 * A plugin that tints each run of the source's spans in its writer's colour. The spans describe the
 * text the server had; they are laid onto the document now by aligning the two texts, so text typed
 * since is left untinted until the next fetch. Between fetches every edit, local or a colleague's,
 * maps the tints (text inserted inside a run is cut out of it), so a keystroke costs no more than
 * the change it makes.
 */
export function authorshipMarksPlugin(options: AuthorshipMarksOptions): Plugin<AuthorshipMarksState> {
  /** When the user last pressed a key that moves the caret (Date.now()). */
  let navigatedAt = 0;
  // The same writer-and-time object for the same run across recomputations: decorations with equal
  // specs are equal, so ProseMirror redraws only the text whose tint really changed.
  let runs = new Map<string, AuthorRun>();
  const compute = (state: EditorState): DecorationSet => {
    const next = new Map<string, AuthorRun>();
    const set = buildDecorations(state, options.source.get(), (span) => {
      const run = authorRun(span);
      const key = `${run.userId}|${run.name}|${run.bureau ?? ''}|${run.color}|${run.at}`;
      const known = next.get(key) ?? runs.get(key) ?? run;
      next.set(key, known);
      return known;
    });
    runs = next;
    return set;
  };

  return new Plugin<AuthorshipMarksState>({
    key: authorshipMarksKey,
    state: {
      init: (_config, state) => reveal(compute(state), 0, state, true),
      apply(tr: Transaction, value: AuthorshipMarksState, old: EditorState, state: EditorState): AuthorshipMarksState {
        const meta = tr.getMeta(authorshipMarksKey) as string | undefined;
        if (meta === REFRESH) {
          // A first tint (nothing shown yet) is revealed slice by slice; a refetch at once (most
          // of it equals what is shown, so little is redrawn).
          const first = value.shown === DecorationSet.empty || value.shown.find().length === 0;
          return reveal(compute(state), first ? 0 : COMPLETE, state, first);
        }
        if (meta === STEP && value.limit !== COMPLETE) return reveal(value.all, value.limit, state, true, value.shown);
        if (!tr.docChanged) return value;
        // The sync binding replaces the whole document on a colleague's edit (or an undo): the
        // change is found by comparing the documents, which share every node it did not touch.
        const sync = tr.getMeta(ySyncPluginKey) as { isChangeOrigin?: boolean } | undefined;
        const typed = !sync?.isChangeOrigin;
        const mapping = typed ? tr.mapping : changeMapping(old.doc, state.doc);
        if (!mapping) return value;
        const all = mapTints(value.all, mapping, state.doc);
        if (value.shown === value.all) return { all, shown: all, limit: COMPLETE, typed };
        return { all, shown: mapTints(value.shown, mapping, state.doc), limit: mapping.map(value.limit, -1), typed };
      },
    },
    props: {
      decorations: (state) => authorshipMarksKey.getState(state)?.shown,
      handleClick(view, pos) {
        const run = runAt(view.state, pos);
        options.onActive?.(run ? { run, rect: caretRect(view, pos), via: 'tap' } : null);
        return false;
      },
      handleKeyDown(view, event) {
        if (NAVIGATION_KEYS.has(event.key)) {
          navigatedAt = Date.now();
        } else if (!MODIFIER_KEYS.has(event.key)) {
          // Esc, or typing: the card goes.
          navigatedAt = 0;
          options.onActive?.(null);
        }
        return false;
      },
      handleDOMEvents: {
        mouseover(view, event) {
          const el = (event.target as Element | null)?.closest?.(`.${AUTHOR_CLASS}`);
          if (!el || !view.dom.contains(el)) return false;
          const run = runAt(view.state, view.posAtDOM(el, 0));
          if (run) options.onActive?.({ run, rect: lineRect(el, event), via: 'hover' });
          return false;
        },
        mouseout(view, event) {
          const from = (event.target as Element | null)?.closest?.(`.${AUTHOR_CLASS}`);
          const to = (event.relatedTarget as Element | null)?.closest?.(`.${AUTHOR_CLASS}`);
          if (from && from !== to && view.dom.contains(from) && !to) options.onActive?.(null);
          return false;
        },
        blur() {
          options.onActive?.(null);
          return false;
        },
        compositionstart() {
          options.onActive?.(null);
          return false;
        },
        // Runs of a read-only editor are tab stops: focusing one shows its card.
        focusin(view, event) {
          const el = (event.target as Element | null)?.closest?.(`.${AUTHOR_CLASS}`);
          if (!el || !view.dom.contains(el)) return false;
          const run = runAt(view.state, view.posAtDOM(el, 0));
          const line = el.getClientRects()[0] ?? el.getBoundingClientRect();
          if (run) options.onActive?.({ run, rect: { left: line.left, top: line.top, bottom: line.bottom }, via: 'focus' });
          return false;
        },
        focusout(_view, event) {
          const from = (event.target as Element | null)?.closest?.(`.${AUTHOR_CLASS}`);
          const to = (event.relatedTarget as Element | null)?.closest?.(`.${AUTHOR_CLASS}`);
          if (from && !to) options.onActive?.(null);
          return false;
        },
      },
    },
    view(view) {
      const stop = options.source.subscribe(() => {
        if (!view.isDestroyed) view.dispatch(view.state.tr.setMeta(authorshipMarksKey, REFRESH));
      });
      let timer: ReturnType<typeof setTimeout> | null = null;
      // The next slice of a first tint, in a task of its own.
      const schedule = () => {
        if (timer !== null || authorshipMarksKey.getState(view.state)?.limit === COMPLETE) return;
        timer = setTimeout(() => {
          timer = null;
          if (!view.isDestroyed) view.dispatch(view.state.tr.setMeta(authorshipMarksKey, STEP));
        }, 0);
      };
      schedule();
      return {
        update(view, previous) {
          schedule();
          // The user moved the caret (arrow keys and the like): show the run it is in. Selections
          // set otherwise (a colleague's edit re-rendering the text, a restored selection) do not.
          if (previous.doc !== view.state.doc) {
            // Typing hides the card (a colleague's edit does not).
            if (authorshipMarksKey.getState(view.state)?.typed) options.onActive?.(null);
            return;
          }
          if (previous.selection.eq(view.state.selection) || !view.hasFocus()) return;
          if (Date.now() - navigatedAt > NAVIGATION_MS) return;
          const { selection } = view.state;
          const run = selection.empty ? runAt(view.state, selection.head) : null;
          options.onActive?.(run ? { run, rect: caretRect(view, selection.head), via: 'caret' } : null);
        },
        destroy() {
          stop();
          if (timer !== null) clearTimeout(timer);
        },
      };
    },
  });
}

/**
 * The state showing the tints of `all` that start before `from` (`COMPLETE`: all of them), and,
 * with `step`, one slice more. `shown`, when given, already holds those before `from`.
 */
function reveal(all: DecorationSet, from: number, state: EditorState, step: boolean, shown?: DecorationSet): AuthorshipMarksState {
  const size = state.doc.content.size;
  if (all === DecorationSet.empty || from === COMPLETE || (step ? from + SLICE : from) >= size) return { all, shown: all, limit: COMPLETE };
  const limit = step ? from + SLICE : from;
  if (shown) {
    const added = all.find(from, limit).filter((d) => d.from >= from && d.from < limit);
    return { all, shown: shown.add(state.doc, added), limit };
  }
  return { all, shown: DecorationSet.create(state.doc, all.find(0, limit).filter((d) => d.from < limit)), limit };
}

/** The tints of `data`'s spans laid onto the document of `state`; `runOf` gives each span's writer. */
function buildDecorations(state: EditorState, data: AuthorshipShown | null, runOf: (span: AuthorshipSpan) => AuthorRun): DecorationSet {
  if (!data || data.spans.length === 0) return DecorationSet.empty;
  const local = textMap(state.doc);
  const offsets = alignOffsets(data.text, local.text);
  const decorations: Decoration[] = [];
  const focusable = data.focusable ?? false;
  for (const span of data.spans) {
    const author = runOf(span);
    let from = -1;
    let to = -1;
    const flush = () => {
      if (from >= 0) decorations.push(tint(from, to, author, focusable));
      from = -1;
    };
    const end = Math.min(span.end, data.text.length);
    for (let i = Math.max(0, span.start); i < end; i++) {
      const at = offsets[i]!;
      const pos = at < 0 || local.text[at] === '\n' ? NO_POSITION : local.positions[at]!;
      if (pos === NO_POSITION) {
        flush();
      } else if (from >= 0 && pos === to) {
        to = pos + 1;
      } else {
        flush();
        from = pos;
        to = pos + 1;
      }
    }
    flush();
  }
  if (data.showDeleted && data.deleted) {
    for (const [index, run] of data.deleted.entries()) {
      const pos = deletedPosition(run.offset, offsets, local);
      if (pos !== NO_POSITION) decorations.push(deletedWidget(pos, run, index));
    }
  }
  return DecorationSet.create(state.doc, decorations);
}

/** Where deleted text that stood before character `offset` of the fetched text goes in the editor. */
function deletedPosition(offset: number, offsets: ArrayLike<number>, local: { text: string; positions: ArrayLike<number> }): number {
  // Before the character now at `offset` (if it is still here), else after the one before it.
  const at = offset < offsets.length ? offsets[offset] : undefined;
  if (at !== undefined && at >= 0 && local.text[at] !== '\n') return local.positions[at]!;
  const before = offset > 0 && offset - 1 < offsets.length ? offsets[offset - 1] : undefined;
  if (before !== undefined && before >= 0 && local.text[before] !== '\n') return local.positions[before]! + 1;
  return NO_POSITION;
}

/** Deleted text, struck through in the deleter's colour, named in its title. */
function deletedWidget(pos: number, run: AuthorshipDeleted, index: number): Decoration {
  return Decoration.widget(
    pos,
    () => {
      const el = document.createElement('del');
      el.className = DELETED_CLASS;
      el.textContent = run.text;
      el.setAttribute('data-deleted-by', run.deletedBy?.user.name ?? '');
      el.setAttribute('data-author-name', run.user.name);
      const color = run.deletedBy ? safeColor(run.deletedBy.user.color) : null;
      if (color) el.style.color = color;
      el.title = deletedTitle(run);
      el.contentEditable = 'false';
      return el;
    },
    { side: -1, key: `deleted-${index}-${run.offset}-${run.text}`, ignoreSelection: true },
  );
}

/** 「王卫（卫健局）写入 · 李娜（卫健局）12月3日 14:05 删除」 */
export function deletedTitle(run: AuthorshipDeleted): string {
  const person = (p: { user: { name: string }; bureau: { name: string } | null }) => (p.bureau ? `${p.user.name}（${p.bureau.name}）` : p.user.name);
  const deleted = run.deletedBy ? `${person(run.deletedBy)} ${writtenAt(run.deletedBy.at, new Date())} 删除` : '删除';
  return `${person(run)}写入 · ${deleted}`;
}

/** One tinted stretch of the document. */
function tint(from: number, to: number, author: AuthorRun, focusable: boolean): Decoration {
  const spec: AuthorSpec = { author, focusable };
  return Decoration.inline(
    from,
    to,
    {
      class: AUTHOR_CLASS,
      style: `background-color: ${translucent(author.color, TINT_ALPHA)}; border-bottom-color: ${author.color}`,
      'data-author-id': author.userId,
      'data-author-name': author.name,
      ...(focusable ? { tabindex: '0' } : {}),
    },
    spec,
  );
}

/**
 * The tints mapped through a change; what it inserted inside a tinted run is cut out of it (it is
 * nobody's until the next answer says whose it is).
 */
function mapTints(set: DecorationSet, mapping: Mapping, doc: PMNode): DecorationSet {
  let mapped = set.map(mapping, doc);
  mapping.maps.forEach((stepMap, index) => {
    stepMap.forEach((_oldStart, _oldEnd, newStart, newEnd) => {
      if (newEnd <= newStart) return;
      const rest = mapping.slice(index + 1);
      const from = rest.map(newStart, 1);
      const to = rest.map(newEnd, -1);
      if (to <= from) return;
      const hit = mapped.find(from, to).filter((d) => d.from < to && d.to > from);
      if (hit.length === 0) return;
      const pieces: Decoration[] = [];
      for (const d of hit) {
        const { author, focusable } = d.spec as AuthorSpec;
        if (d.from < from) pieces.push(tint(d.from, from, author, focusable));
        if (d.to > to) pieces.push(tint(to, d.to, author, focusable));
      }
      mapped = mapped.remove(hit).add(doc, pieces);
    });
  });
  return mapped;
}

/**
 * One replacement from `before` to `after`, from where they start to differ to where they stop
 * (null when they are the same), as ProseMirror itself reads a DOM change.
 */
function changeMapping(before: PMNode, after: PMNode): Mapping | null {
  const start = before.content.findDiffStart(after.content);
  if (start === null) return null;
  const end = after.content.findDiffEnd(before.content);
  // findDiffEnd from the other side: `a` is in `after`, `b` in `before`.
  let endAfter = end?.a ?? after.content.size;
  let endBefore = end?.b ?? before.content.size;
  const overlap = start - Math.min(endAfter, endBefore);
  if (overlap > 0) {
    endAfter += overlap;
    endBefore += overlap;
  }
  return new Mapping([new StepMap([start, endBefore - start, endAfter - start])]);
}

/** The run tinted at `pos`: the character after it, else the one before it. */
export function runAt(state: EditorState, pos: number): AuthorRun | null {
  const set = authorshipMarksKey.getState(state)?.shown;
  if (!set) return null;
  const found = set.find(Math.max(0, pos - 1), pos + 1);
  const after = found.find((d) => d.from <= pos && pos < d.to);
  const before = found.find((d) => d.from < pos && pos <= d.to);
  return ((after ?? before)?.spec as AuthorSpec | undefined)?.author ?? null;
}

/** The tinted runs of the document now (for tests and the legend): text and writer. */
export function tintedRuns(state: EditorState): { text: string; author: AuthorRun }[] {
  const set = authorshipMarksKey.getState(state)?.shown;
  if (!set) return [];
  return set
    .find()
    .sort((a, b) => a.from - b.from)
    .map((d) => ({ text: state.doc.textBetween(d.from, d.to, '\n', ' '), author: (d.spec as AuthorSpec).author }));
}

/**
 * The line of a (possibly multi-line) run under the pointer, starting at the pointer: the card goes
 * right below what is being pointed at, not below the end of a long paragraph.
 */
function lineRect(el: Element, event: MouseEvent): ActiveRun['rect'] {
  const lines = [...el.getClientRects()];
  const line = lines.find((r) => event.clientY >= r.top && event.clientY <= r.bottom) ?? lines[0] ?? el.getBoundingClientRect();
  return { left: Math.max(line.left, Math.min(event.clientX, line.right)), top: line.top, bottom: line.bottom };
}

function caretRect(view: EditorView, pos: number): ActiveRun['rect'] {
  try {
    const c = view.coordsAtPos(pos);
    return { left: c.left, top: c.top, bottom: c.bottom };
  } catch {
    const r = view.dom.getBoundingClientRect();
    return { left: r.left, top: r.top, bottom: r.top };
  }
}
