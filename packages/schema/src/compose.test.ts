import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  blocksFingerprint,
  canonicalJSON,
  composeFinal,
  detachSection,
  editedInDraft,
  replaceSection,
  sectionBlocks,
  sectionInDraft,
  sourceOf,
  type ComposeSection,
} from './compose.js';
import { docToText, fragmentToJSON, jsonToFragment } from './convert.js';
import type { PMJSON } from './convert.js';
import { schema } from './schema.js';

const t = (text: string): PMJSON => ({ type: 'text', text });
const p = (text?: string): PMJSON => (text ? { type: 'paragraph', content: [t(text)] } : { type: 'paragraph' });
const doc = (...content: PMJSON[]): PMJSON => ({ type: 'doc', content });
const list: PMJSON = { type: 'bullet_list', content: [{ type: 'list_item', content: [p('一是加大经济运行调度力度')] }] };
const table: PMJSON = {
  type: 'table',
  content: [{ type: 'table_row', content: [{ type: 'table_cell', content: [p('地区生产总值')] }, { type: 'table_cell', content: [p('X亿元')] }] }],
};

// Real headings and text from the demo seed (district-half-year-summary-and-plan.txt).
const sections: ComposeSection[] = [
  { sectionId: 'intro', number: '', title: '导语', level: 1, numbered: false, content: doc(p('2020年以来，在市委、市政府的正确领导下，X区紧紧围绕市委的战略部署。')) },
  { sectionId: 's1', number: '一、', title: '上半年工作完成情况', level: 1, numbered: true, content: doc(p()) },
  { sectionId: 's11', number: '（一）', title: '疫情防控', level: 2, numbered: true, content: doc(p('全区累计接种疫苗X万剂次。'), list) },
  { sectionId: 's12', number: '（二）', title: '经济发展', level: 2, numbered: true, content: doc(p('上半年预计X区实现地区生产总值X亿元。'), table) },
  { sectionId: 's121', number: '①', title: '第五级', level: 5, numbered: true, content: doc(p('深层内容。')) },
];

const texts = (json: PMJSON): string[] => docToText(json).split('\n');
const sources = (json: PMJSON): (string | null)[] => (json.content ?? []).map(sourceOf);

describe('composeFinal', () => {
  const final = composeFinal(sections);

  it('puts a numbered heading before each section’s text, in the order given', () => {
    expect(texts(final)).toEqual([
      '2020年以来，在市委、市政府的正确领导下，X区紧紧围绕市委的战略部署。',
      '一、上半年工作完成情况',
      '（一）疫情防控',
      '全区累计接种疫苗X万剂次。',
      '一是加大经济运行调度力度',
      '（二）经济发展',
      '上半年预计X区实现地区生产总值X亿元。',
      '地区生产总值\tX亿元',
      '①第五级',
      '深层内容。',
    ]);
    const headings = (final.content ?? []).filter((b) => b.type === 'heading').map((b) => b.attrs?.['level']);
    expect(headings).toEqual([1, 2, 2, 4]); // level 5 is shown as 4
  });

  it('links every top-level block to its section; an unnumbered section gets no heading, an empty one no text', () => {
    expect(sources(final)).toEqual(['intro', 's1', 's11', 's11', 's11', 's12', 's12', 's12', 's121', 's121']);
    expect(final.content![0]!.type).toBe('paragraph');
  });

  it('is a valid document that keeps its sources through Yjs', () => {
    expect(() => schema.nodeFromJSON(final).check()).not.toThrow();
    const ydoc = new Y.Doc();
    jsonToFragment(final, ydoc.getXmlFragment('prosemirror'));
    const copy = new Y.Doc();
    Y.applyUpdate(copy, Y.encodeStateAsUpdate(ydoc));
    const read = fragmentToJSON(copy.getXmlFragment('prosemirror'));
    expect(sources(read)).toEqual(sources(final));
    expect(docToText(read)).toBe(docToText(final));
  });

  it('does not modify its input, and gives one empty paragraph for nothing', () => {
    const before = JSON.stringify(sections);
    composeFinal(sections);
    expect(JSON.stringify(sections)).toBe(before);
    expect(composeFinal([])).toEqual(doc({ type: 'paragraph', attrs: { source: null } }));
  });
});

describe('replaceSection', () => {
  // The office edited the final draft: a sentence in 疫情防控 and a closing line of its own.
  const edited = (() => {
    const json = composeFinal(sections);
    const content = [...json.content!];
    content[3] = { ...content[3]!, content: [t('全区累计接种疫苗X万剂次，办公室已核对。')] };
    content.push({ type: 'paragraph', attrs: { source: null }, content: [t('（办公室补充的结束语）')] });
    return { ...json, content };
  })();
  const fixed = sectionBlocks({ ...sections[3]!, content: doc(p('上半年X区实现地区生产总值X亿元，同比增长X%。')) });

  it('replaces only that section’s blocks, in place, keeping edits everywhere else', () => {
    const next = replaceSection(edited, 's12', fixed);
    expect(texts(next)).toEqual([
      '2020年以来，在市委、市政府的正确领导下，X区紧紧围绕市委的战略部署。',
      '一、上半年工作完成情况',
      '（一）疫情防控',
      '全区累计接种疫苗X万剂次，办公室已核对。',
      '一是加大经济运行调度力度',
      '（二）经济发展',
      '上半年X区实现地区生产总值X亿元，同比增长X%。',
      '①第五级',
      '深层内容。',
      '（办公室补充的结束语）',
    ]);
    expect(sources(next)).toEqual(['intro', 's1', 's11', 's11', 's11', 's12', 's12', 's121', 's121', null]);
    expect(() => schema.nodeFromJSON(next).check()).not.toThrow();
  });

  it('stamps the new blocks with the section and leaves the input alone', () => {
    const before = JSON.stringify(edited);
    const next = replaceSection(edited, 's11', [p('新写的一段。')]);
    expect(JSON.stringify(edited)).toBe(before);
    expect(next.content![2]).toEqual({ type: 'paragraph', attrs: { source: 's11' }, content: [t('新写的一段。')] });
    expect(sources(next).filter((s) => s === 's11')).toHaveLength(1);
  });

  it('gathers a section the office split up at the place of its first block', () => {
    const content = [...edited.content!];
    const [moved] = content.splice(4, 1); // the list of 疫情防控 moved to the end
    const scattered = { ...edited, content: [...content, moved!] };
    const next = replaceSection(scattered, 's11', [p('合一')]);
    expect(sources(next)).toEqual(['intro', 's1', 's11', 's12', 's12', 's12', 's121', 's121', null]);
  });

  it('puts a section with no blocks yet after the nearest preceding section present, else first', () => {
    const blocks = [p('新增章节。')];
    expect(sources(replaceSection(edited, 'new', blocks, { preceding: ['intro', 's1', 's11'] }))).toEqual(
      ['intro', 's1', 's11', 's11', 's11', 'new', 's12', 's12', 's12', 's121', 's121', null],
    );
    expect(sources(replaceSection(edited, 'new', blocks, { preceding: ['intro', 'gone'] }))[1]).toBe('new');
    expect(sources(replaceSection(edited, 'new', blocks))[0]).toBe('new');
  });

  it('removes a section given no blocks, and never leaves the document empty', () => {
    expect(sources(replaceSection(edited, 's11', []))).not.toContain('s11');
    const only = composeFinal([sections[0]!]);
    expect(replaceSection(only, 'intro', [])).toEqual(doc({ type: 'paragraph', attrs: { source: null } }));
  });
});

describe('office edits in the final draft', () => {
  const final = composeFinal(sections);
  // What a merge records of 疫情防控: the blocks it wrote.
  const merged = { fingerprint: blocksFingerprint(sectionBlocks(sections[2]!)) };
  const withBlocks = (edit: (content: PMJSON[]) => void): PMJSON => {
    const content = structuredClone(final.content!);
    edit(content);
    return { ...final, content };
  };

  it('sees none in the draft as composed, also after a Yjs round trip', () => {
    expect(editedInDraft(final, 's11', merged)).toBe(false);
    const ydoc = new Y.Doc();
    jsonToFragment(final, ydoc.getXmlFragment('prosemirror'));
    const read = fragmentToJSON(ydoc.getXmlFragment('prosemirror'));
    for (const s of sections) expect(editedInDraft(read, s.sectionId, { fingerprint: blocksFingerprint(sectionBlocks(s)) }), s.title).toBe(false);
  });

  it('sees edited text, formatting, a split paragraph and deleted blocks', () => {
    const retyped = withBlocks((c) => (c[3] = { ...c[3]!, content: [t('全区累计接种疫苗X万剂次（办公室已核）。')] }));
    expect(editedInDraft(retyped, 's11', merged)).toBe(true);
    const bold = withBlocks((c) => (c[3] = { ...c[3]!, content: [{ ...t('全区累计接种疫苗X万剂次。'), marks: [{ type: 'strong' }] }] }));
    expect(editedInDraft(bold, 's11', merged)).toBe(true);
    // Enter in the middle of a paragraph copies its attrs, source included: two blocks of the section, same text.
    const split = withBlocks((c) => c.splice(3, 1, { type: 'paragraph', attrs: { source: 's11' }, content: [t('全区累计接种')] }, { type: 'paragraph', attrs: { source: 's11' }, content: [t('疫苗X万剂次。')] }));
    expect(editedInDraft(split, 's11', merged)).toBe(true);
    expect(sectionInDraft(split, 's11').blocks).toHaveLength(4);
    expect(editedInDraft(withBlocks((c) => c.splice(3, 1)), 's11', merged)).toBe(true);
    const gone = withBlocks((c) => c.splice(2, 3));
    expect(editedInDraft(gone, 's11', merged)).toBe(true);
    expect(sectionInDraft(gone, 's11')).toEqual({ blocks: [], inserted: [], text: '' });
    // Other sections are untouched by these edits.
    expect(editedInDraft(split, 's12', { fingerprint: blocksFingerprint(sectionBlocks(sections[3]!)) })).toBe(false);
  });

  it('sees a paragraph inserted inside the section, not one added after it', () => {
    const own = { type: 'paragraph', attrs: { source: null }, content: [t('办公室加的一句。')] };
    const inside = withBlocks((c) => c.splice(3, 0, own));
    expect(editedInDraft(inside, 's11', merged)).toBe(true);
    expect(sectionInDraft(inside, 's11')).toMatchObject({ inserted: [own], text: '（一）疫情防控\n办公室加的一句。\n全区累计接种疫苗X万剂次。\n一是加大经济运行调度力度' });
    const after = withBlocks((c) => c.splice(5, 0, own));
    expect(editedInDraft(after, 's11', merged)).toBe(false);
  });

  it('compares plain text when only the merged text is known', () => {
    const text = '（一）疫情防控\n全区累计接种疫苗X万剂次。\n一是加大经济运行调度力度';
    expect(editedInDraft(final, 's11', { text })).toBe(false);
    expect(editedInDraft(final, 's11', { text: `${text}\n` })).toBe(false);
    expect(editedInDraft(withBlocks((c) => c.splice(3, 1)), 's11', { text })).toBe(true);
  });

  it('detaches a section’s blocks as the office’s own, in place', () => {
    const next = detachSection(final, 's11');
    expect(sources(next)).toEqual(['intro', 's1', null, null, null, 's12', 's12', 's12', 's121', 's121']);
    expect(texts(next)).toEqual(texts(final));
  });
});

describe('canonicalJSON', () => {
  it('sorts keys at every depth, keeps array order and writes no whitespace', () => {
    expect(canonicalJSON({ b: 1, a: [{ z: '合稿', y: null }, true], c: { e: 2.5, d: -0 } })).toBe(
      '{"a":[{"y":null,"z":"合稿"},true],"b":1,"c":{"d":0,"e":2.5}}',
    );
    expect(canonicalJSON({ '10': 'a', '2': 'b', B: 'c', a: 'd' })).toBe('{"10":"a","2":"b","B":"c","a":"d"}');
  });

  it('leaves out undefined properties like JSON.stringify and refuses values without a JSON form', () => {
    expect(canonicalJSON({ a: undefined, b: [undefined] })).toBe('{"b":[null]}');
    expect(() => canonicalJSON(Number.NaN)).toThrow(TypeError);
    expect(() => canonicalJSON({ a: Infinity })).toThrow(TypeError);
    expect(() => canonicalJSON(undefined)).toThrow(TypeError);
    expect(() => canonicalJSON(1n)).toThrow(TypeError);
  });

  it('gives the same text for the same value whatever the key order (seeded)', () => {
    const random = seeded(20201231);
    for (let i = 0; i < 200; i++) {
      const value = randomValue(random, 4);
      const shuffled = reshuffle(value, random);
      const text = canonicalJSON(value);
      expect(canonicalJSON(shuffled)).toBe(text);
      // Parsing and writing again changes nothing: what a stored version is verified with.
      expect(canonicalJSON(JSON.parse(text))).toBe(text);
      expect(JSON.parse(text)).toEqual(JSON.parse(JSON.stringify(value)));
    }
  });

  it('hashes a final draft to the same text after a Yjs round trip', () => {
    const final = composeFinal(sections);
    const ydoc = new Y.Doc();
    jsonToFragment(final, ydoc.getXmlFragment('prosemirror'));
    expect(canonicalJSON(fragmentToJSON(ydoc.getXmlFragment('prosemirror')))).toBe(canonicalJSON(schema.nodeFromJSON(final).toJSON()));
  });
});

/** mulberry32: same seed, same sequence, so a failing case can be replayed. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let x = a;
    x = Math.imul(x ^ (x >>> 15), x | 1);
    x ^= x + Math.imul(x ^ (x >>> 7), x | 61);
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

const KEYS = ['type', 'attrs', 'content', 'text', 'marks', 'level', 'source', '1', '20', 'Ä', '段落', ''];

function randomValue(random: () => number, depth: number): unknown {
  const pick = Math.floor(random() * (depth > 0 ? 7 : 4));
  switch (pick) {
    case 0:
      return null;
    case 1:
      return random() < 0.5;
    case 2:
      return Math.round((random() - 0.5) * 1e6) / 100;
    case 3:
      return ['', '合稿', 'X%', '"引号"\n换行', '\u2028'][Math.floor(random() * 5)];
    case 4:
    case 5: {
      const out: Record<string, unknown> = {};
      for (const key of KEYS) if (random() < 0.4) out[key] = randomValue(random, depth - 1);
      return out;
    }
    default:
      return Array.from({ length: Math.floor(random() * 4) }, () => randomValue(random, depth - 1));
  }
}

/** The same value with every object's keys inserted in a random order. */
function reshuffle(value: unknown, random: () => number): unknown {
  if (Array.isArray(value)) return value.map((v) => reshuffle(v, random));
  if (value === null || typeof value !== 'object') return value;
  const entries = Object.entries(value);
  for (let i = entries.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [entries[i], entries[j]] = [entries[j]!, entries[i]!];
  }
  return Object.fromEntries(entries.map(([k, v]) => [k, reshuffle(v, random)]));
}

describe('headings written inside a section', () => {
  it('sit below the section heading in the final draft', () => {
    const content = {
      type: 'doc',
      content: [
        { type: 'heading', attrs: { level: 2 }, content: [{ type: 'text', text: '加强基层组织建设' }] },
        { type: 'heading', attrs: { level: 3 }, content: [{ type: 'text', text: '一是' }] },
        { type: 'paragraph', content: [{ type: 'text', text: '正文' }] },
      ],
    };
    const blocks = sectionBlocks({ sectionId: 's1', number: '（一）', title: '党的建设', level: 2, numbered: true, content });
    expect(blocks.map((b) => [b.type, (b.attrs as { level?: number }).level])).toEqual([
      ['heading', 2],
      ['heading', 3],
      ['heading', 4],
      ['paragraph', undefined],
    ]);
  });
});
