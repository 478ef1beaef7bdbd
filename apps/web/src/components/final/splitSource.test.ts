// Enter in the final draft copies a paragraph's attrs — `source` included — to the new half (in the
// middle of a paragraph); at its end the new paragraph has no source. A re-merge must see both as
// the office's edits of a section, never replace them silently (docs/api.md, Re-merge).
import { blocksFingerprint, composeFinal, editedInDraft, schema, sectionBlocks, sectionInDraft, sourceOf, type ComposeSection, type PMJSON } from '@hegao/schema';
import { baseKeymap } from 'prosemirror-commands';
import { EditorState, TextSelection } from 'prosemirror-state';
import { describe, expect, it } from 'vitest';

const p = (text: string): PMJSON => ({ type: 'paragraph', content: [{ type: 'text', text }] });
const sections: ComposeSection[] = [
  { sectionId: 's1', number: '（一）', title: '疫情防控', level: 2, numbered: true, content: { type: 'doc', content: [p('全区累计接种疫苗X万剂次。'), p('核酸检测能力提升到每日X万份。')] } },
  { sectionId: 's2', number: '（二）', title: '经济发展', level: 2, numbered: true, content: { type: 'doc', content: [p('上半年实现地区生产总值X亿元。')] } },
];
const merged = { fingerprint: blocksFingerprint(sectionBlocks(sections[0]!)) };

/**
 * The final draft after pressing Enter right after `after` in the paragraph holding it. Outside lists
 * the editor's Enter (editor/keymap.ts) falls through to prosemirror-commands' baseKeymap Enter.
 */
function pressEnter(after: string): PMJSON {
  let state = EditorState.create({ schema, doc: schema.nodeFromJSON(composeFinal(sections)) });
  let at = -1;
  state.doc.descendants((node, pos) => {
    if (at < 0 && node.isText && node.text!.includes(after)) at = pos + node.text!.indexOf(after) + after.length;
  });
  state = state.apply(state.tr.setSelection(TextSelection.create(state.doc, at)));
  const enter = baseKeymap['Enter']!;
  expect(enter(state, (tr) => (state = state.apply(tr)))).toBe(true);
  return state.doc.toJSON() as PMJSON;
}

describe('Enter in the final draft and the re-merge’s view of it', () => {
  it('in the middle of a paragraph: both halves belong to the section, and the section counts as edited', () => {
    const draft = pressEnter('全区累计接种');
    expect((draft.content ?? []).map(sourceOf)).toEqual(['s1', 's1', 's1', 's1', 's2', 's2']);
    expect(sectionInDraft(draft, 's1').text).toBe('（一）疫情防控\n全区累计接种\n疫苗X万剂次。\n核酸检测能力提升到每日X万份。');
    expect(editedInDraft(draft, 's1', merged)).toBe(true);
    expect(editedInDraft(draft, 's2', { fingerprint: blocksFingerprint(sectionBlocks(sections[1]!)) })).toBe(false);
  });

  it('at the end of a paragraph inside the section: a paragraph of the office’s own, inside it, so edited', () => {
    const draft = pressEnter('全区累计接种疫苗X万剂次。');
    expect((draft.content ?? []).map(sourceOf)).toEqual(['s1', 's1', null, 's1', 's2', 's2']);
    expect(editedInDraft(draft, 's1', merged)).toBe(true);
  });

  it('at the end of the section’s last paragraph: the office’s own paragraph after it, the section itself untouched', () => {
    const draft = pressEnter('核酸检测能力提升到每日X万份。');
    expect((draft.content ?? []).map(sourceOf)).toEqual(['s1', 's1', 's1', null, 's2', 's2']);
    expect(editedInDraft(draft, 's1', merged)).toBe(false);
  });
});
