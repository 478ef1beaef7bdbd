// @vitest-environment happy-dom
import { TextSelection } from 'prosemirror-state';
import type { EditorView } from 'prosemirror-view';
import { Awareness } from 'y-protocols/awareness';
import { afterEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import type { Authorship, AuthorshipSpan } from '../api/authorshipApi';
import { ValueStore } from '../collab/ValueStore';
import { authorshipMarksKey, authorshipMarksPlugin, deletedTitle, runAt, SLICE, tintedRuns, type ActiveRun, type AuthorshipShown } from './authorshipMarks';
import { createSectionView } from './editorView';
import { posOf } from './testPositions';

const views: EditorView[] = [];

afterEach(() => {
  for (const view of views.splice(0)) {
    view.dom.parentElement?.remove();
    view.destroy();
  }
});

const ZHANG = { id: 'u1', username: 'wjj', name: '张卫民', color: 'hsl(6, 55%, 30%)' };
const LI = { id: 'u2', username: 'wjj2', name: '李娜', color: 'hsl(6, 62%, 38%)' };
const BUREAU = { id: 'b1', name: '卫健局' };

function span(start: number, end: number, user = ZHANG): AuthorshipSpan {
  return { start, end, user, bureau: BUREAU, at: '2026-12-03T06:05:00.000Z' };
}

/** A section editor on its own Y.Doc with the authorship plugin, its paragraphs typed in. */
function editor(paragraphs: string[], doc = new Y.Doc()) {
  const source = new ValueStore<AuthorshipShown | null>(null);
  const active: (ActiveRun | null)[] = [];
  const place = document.body.appendChild(document.createElement('div'));
  const view = createSectionView(place, {
    fragment: doc.getXmlFragment('prosemirror'),
    awareness: new Awareness(doc),
    isEditable: () => true,
    extraPlugins: [authorshipMarksPlugin({ source, onActive: (a) => active.push(a) })],
  });
  views.push(view);
  if (paragraphs.length > 0) {
    const { schema } = view.state;
    const nodes = paragraphs.map((text) => schema.nodes['paragraph']!.create(null, text ? schema.text(text) : null));
    view.dispatch(view.state.tr.replaceWith(0, view.state.doc.content.size, nodes));
  }
  return { doc, view, source, active };
}

/** The tinted runs as `writer:text`. */
function runs(view: EditorView): string[] {
  return tintedRuns(view.state).map((r) => `${r.author.name}:${r.text}`);
}

/** Exchanges all updates between two documents (both directions). */
function sync(a: Y.Doc, b: Y.Doc): void {
  Y.applyUpdate(b, Y.encodeStateAsUpdate(a, Y.encodeStateVector(b)));
  Y.applyUpdate(a, Y.encodeStateAsUpdate(b, Y.encodeStateVector(a)));
}

describe('authorshipMarksPlugin', () => {
  it('tints each span in its writer’s colour, with the writer’s id and name on the text', () => {
    const { view, source } = editor(['张写的。李写的。', '第二段']);
    expect(runs(view)).toEqual([]);
    source.set({ text: '张写的。李写的。\n第二段', spans: [span(0, 4), span(4, 8, LI), span(9, 12)] });
    expect(runs(view)).toEqual(['张卫民:张写的。', '李娜:李写的。', '张卫民:第二段']);
    const marked = [...view.dom.querySelectorAll<HTMLElement>('[data-author-id]')];
    expect(marked.map((el) => [el.dataset['authorId'], el.dataset['authorName'], el.textContent])).toEqual([
      ['u1', '张卫民', '张写的。'],
      ['u2', '李娜', '李写的。'],
      ['u1', '张卫民', '第二段'],
    ]);
    expect(marked[0]!.getAttribute('style')).toContain('hsla(6, 55%, 30%, 0.18)');
    expect(marked[0]!.getAttribute('style')).toContain('border-bottom-color: hsl(6, 55%, 30%)');
    source.set(null);
    expect(view.dom.querySelectorAll('[data-author-id]')).toHaveLength(0);
  });

  it('a span across a line break tints both lines, not the break', () => {
    const { view, source } = editor(['甲乙', '丙丁']);
    source.set({ text: '甲乙\n丙丁', spans: [span(0, 5)] });
    expect(runs(view)).toEqual(['张卫民:甲乙', '张卫民:丙丁']);
  });

  it('leaves text typed since the fetch untinted, wherever it was typed', () => {
    const { view, source } = editor(['今年以来，全区经济运行平稳。']);
    // The document already differs from the fetched text: 总体 was typed after the fetch.
    view.dispatch(view.state.tr.insertText('总体', posOf(view.state.doc, '运行')));
    source.set({ text: '今年以来，全区经济运行平稳。', spans: [span(0, 5), span(5, 14, LI)] });
    expect(runs(view)).toEqual(['张卫民:今年以来，', '李娜:全区经济', '李娜:运行平稳。']);
    // Typing inside a tinted run between fetches cuts it; the new characters stay untinted.
    view.dispatch(view.state.tr.insertText('X', posOf(view.state.doc, '以来')));
    expect(runs(view)).toEqual(['张卫民:今年', '张卫民:以来，', '李娜:全区经济', '李娜:运行平稳。']);
    // Typing at the end of a run does not extend it.
    view.dispatch(view.state.tr.insertText('Y', posOf(view.state.doc, '平稳。', 3)));
    expect(view.state.doc.textContent).toBe('今年X以来，全区经济总体运行平稳。Y');
    expect(runs(view).at(-1)).toBe('李娜:运行平稳。');
    // Deleting tinted text shrinks the run.
    const at = posOf(view.state.doc, '平稳');
    view.dispatch(view.state.tr.delete(at, at + 2));
    expect(runs(view).at(-1)).toBe('李娜:运行。');
  });

  it('follows a colleague’s edit arriving through Yjs', () => {
    const a = editor(['第一段文字', '第二段文字']);
    const other = new Y.Doc();
    sync(a.doc, other);
    a.source.set({ text: '第一段文字\n第二段文字', spans: [span(0, 5), span(6, 11, LI)] });
    // The colleague inserts at the start of the second paragraph.
    const text = (other.getXmlFragment('prosemirror').get(1) as Y.XmlElement).get(0) as Y.XmlText;
    text.insert(0, '新增');
    sync(other, a.doc);
    expect(a.view.state.doc.child(1).textContent).toBe('新增第二段文字');
    expect(runs(a.view)).toEqual(['张卫民:第一段文字', '李娜:第二段文字']);
    // Inside a run: the colleague's new words are cut out of it; a deletion shrinks it.
    const first = (other.getXmlFragment('prosemirror').get(0) as Y.XmlElement).get(0) as Y.XmlText;
    first.insert(2, '插入');
    sync(other, a.doc);
    expect(runs(a.view)).toEqual(['张卫民:第一', '张卫民:段文字', '李娜:第二段文字']);
    text.delete(2, 2);
    sync(other, a.doc);
    expect(runs(a.view)).toEqual(['张卫民:第一', '张卫民:段文字', '李娜:段文字']);
  });

  it('tints emoji and tables at the right places', () => {
    const { view, source } = editor([]);
    const { schema } = view.state;
    const n = schema.nodes;
    const cell = (text: string) => n['table_cell']!.create(null, n['paragraph']!.create(null, schema.text(text)));
    view.dispatch(
      view.state.tr.replaceWith(0, view.state.doc.content.size, [
        n['paragraph']!.create(null, schema.text('👍🏽达标')),
        n['table']!.create(null, [n['table_row']!.create(null, [cell('指标'), cell('数值')])]),
      ]),
    );
    source.set({ text: '👍🏽达标\n指标\t数值', spans: [span(0, 4), span(4, 6, LI), span(7, 12, LI)] });
    expect(runs(view)).toEqual(['张卫民:👍🏽', '李娜:达标', '李娜:指标', '李娜:数值']);
  });

  it('ignores spans past the end of the text', () => {
    const { view, source } = editor(['短']);
    source.set({ text: '短', spans: [span(0, 40)] });
    expect(runs(view)).toEqual(['张卫民:短']);
  });

  it('names the run at a position and under the caret', () => {
    const { view, source, active } = editor(['张写的李写的']);
    source.set({ text: '张写的李写的', spans: [span(0, 3), span(3, 6, LI)] });
    expect(runAt(view.state, posOf(view.state.doc, '写的', 1))?.name).toBe('张卫民');
    expect(runAt(view.state, posOf(view.state.doc, '李'))?.name).toBe('李娜');
    view.focus();
    // A selection set by the program (a restored selection, a colleague's edit) shows nothing.
    const before = active.length;
    view.dispatch(view.state.tr.setSelection(TextSelection.create(view.state.doc, posOf(view.state.doc, '李写', 2))));
    expect(active.length).toBe(before);
    // The user moving the caret does (happy-dom may not report focus; when it does).
    view.dom.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowLeft', bubbles: true }));
    view.dispatch(view.state.tr.setSelection(TextSelection.create(view.state.doc, posOf(view.state.doc, '李写', 1))));
    if (view.hasFocus()) expect(active.at(-1)?.run.name).toBe('李娜');
    // Typing (or Esc) hides it.
    view.dom.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }));
    expect(active.at(-1)).toBeNull();
  });

  it('makes the runs of a read-only editor tab stops that show their card on focus', () => {
    const { view, source, active } = editor(['张写的李写的']);
    const data = { text: '张写的李写的', spans: [span(0, 3), span(3, 6, LI)] };
    source.set(data);
    expect(view.dom.querySelectorAll('[tabindex]')).toHaveLength(0);
    source.set({ ...data, focusable: true });
    const runs = [...view.dom.querySelectorAll<HTMLElement>('[data-author-id]')];
    expect(runs.map((el) => el.getAttribute('tabindex'))).toEqual(['0', '0']);
    runs[1]!.dispatchEvent(new FocusEvent('focusin', { bubbles: true }));
    expect(active.at(-1)).toMatchObject({ via: 'focus', run: { name: '李娜', bureau: '卫健局' } });
    runs[1]!.dispatchEvent(new FocusEvent('focusout', { bubbles: true }));
    expect(active.at(-1)).toBeNull();
    // Cutting a run keeps its pieces focusable.
    view.dispatch(view.state.tr.insertText('X', posOf(view.state.doc, '写的', 1)));
    expect([...view.dom.querySelectorAll('[data-author-id]')].every((el) => el.getAttribute('tabindex') === '0')).toBe(true);
  });

  it('shows the first tint of a long section a slice at a time, then all of it', async () => {
    const paragraphs = Array.from({ length: 600 }, (_, i) => `第${String(i).padStart(3, '0')}段的文字内容。`);
    const { view, source } = editor(paragraphs);
    const text = paragraphs.join('\n');
    let start = 0;
    const spans = paragraphs.map((line, i) => {
      const s = span(start, start + line.length, i % 2 ? LI : ZHANG);
      start += line.length + 1;
      return s;
    });
    expect(view.state.doc.content.size).toBeGreaterThan(2 * SLICE);
    source.set({ text, spans });
    const first = tintedRuns(view.state).length;
    expect(first).toBeGreaterThan(0);
    expect(first).toBeLessThan(600);
    // The rest comes slice by slice, as the browser allows (slow on a loaded machine).
    await vi.waitFor(() => expect(tintedRuns(view.state)).toHaveLength(600), { timeout: 15_000 });
    expect(authorshipMarksKey.getState(view.state)!.shown).toBe(authorshipMarksKey.getState(view.state)!.all);
    // A refetch replaces the tints at once, and unchanged runs keep their decorations' identity of spec.
    const before = tintedRuns(view.state)[0]!.author;
    source.set({ text, spans: spans.map((s) => ({ ...s })) });
    expect(tintedRuns(view.state)).toHaveLength(600);
    expect(tintedRuns(view.state)[0]!.author).toBe(before);
  });

  it('shows deleted text struck through in the deleter’s colour where it stood, only when asked', () => {
    const { view, source } = editor(['全年增长7.1%，好于预期。']);
    const deleted = {
      offset: 7,
      text: '6.5',
      user: ZHANG,
      bureau: BUREAU,
      at: '2026-12-03T06:05:00.000Z',
      deletedBy: { user: LI, bureau: BUREAU, at: '2026-12-03T07:10:00.000Z' },
    };
    const data: Authorship = { text: '全年增长7.1%，好于预期。', spans: [span(0, 4), span(4, 7, LI), span(7, 14)], deleted: [deleted] };
    source.set({ ...data, showDeleted: false });
    expect(view.dom.querySelectorAll('del.hg-deleted')).toHaveLength(0);
    source.set({ ...data, showDeleted: true });
    const shown = view.dom.querySelectorAll<HTMLElement>('del.hg-deleted');
    expect(shown).toHaveLength(1);
    expect(shown[0]!.textContent).toBe('6.5');
    expect(shown[0]!.getAttribute('data-deleted-by')).toBe('李娜');
    expect(shown[0]!.title).toMatch(/^张卫民（卫健局）写入 · 李娜（卫健局）.* 删除$/);
    // It stands just before what is now at offset 7 (%), after the new figure.
    const before = shown[0]!.previousSibling?.textContent ?? '';
    expect(before.endsWith('7.1')).toBe(true);
    // The editor's text is untouched: deleted text is shown, not put back.
    expect(view.state.doc.textContent).toBe('全年增长7.1%，好于预期。');
  });

  it('names a deletion without a known deleter plainly', () => {
    expect(deletedTitle({ offset: 0, text: 'x', user: ZHANG, bureau: null, at: '2026-12-03T06:05:00.000Z', deletedBy: null })).toBe('张卫民写入 · 删除');
  });
});

