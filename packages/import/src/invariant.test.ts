import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { IMPORT_PREVIEW } from '@hegao/contract';
import { previewProblems } from './invariant.js';
import { previewImport } from './preview.js';
import type { PreviewResult } from './preview.js';
import type { SourceLine } from './types.js';

const CORPUS = new URL('../corpus/', import.meta.url);
const SEEDS = new URL('../../../seeds/', import.meta.url);

/** Every line of every corpus file and seed: the material the random documents are made of. */
const POOL: string[] = [
  ...readdirSync(CORPUS).filter((f) => f.endsWith('.txt')).map((f) => readFileSync(new URL(f, CORPUS), 'utf8')),
  ...readdirSync(SEEDS).filter((f) => f.endsWith('.txt')).map((f) => readFileSync(new URL(f, SEEDS), 'utf8')),
]
  .flatMap((t) => t.split(/\r?\n/))
  .concat(['', '一、', '（一）', '附件', '附件2', '2023年2月1日', '上半年工作回顾', '第二部分 工作安排', '— 3 —', '篇1', 'XX篇2']);

/** A small deterministic generator (mulberry32), so a failure can be replayed. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A random document: lines drawn from the pool, some as .docx blocks, some with a heading style. */
function randomDocument(next: () => number): SourceLine[] {
  const length = Math.floor(next() * 60);
  return Array.from({ length }, () => {
    const text = POOL[Math.floor(next() * POOL.length)]!;
    const roll = next();
    if (roll < 0.1) return { text, block: { type: 'paragraph' as const, runs: [{ text, bold: next() < 0.5 }] } };
    if (roll < 0.15) return { text, block: { type: 'bullet_list' as const, items: [text] } };
    if (roll < 0.2) return { text, styleLevel: 1 + Math.floor(next() * 4) };
    return { text };
  });
}

/** Structural promises beyond line placement: numbers follow levels, 导语 has no line, warnings point inside. */
function shapeProblems(p: PreviewResult): string[] {
  const problems: string[] = [];
  p.sections.forEach((s, k) => {
    if (s.number === '' && s.title === '导语' && s.line !== null) problems.push(`导语 ${k} has a line`);
    if (s.bodyLines.some((b, j) => j > 0 && b <= s.bodyLines[j - 1]!)) problems.push(`section ${k} body lines out of order`);
    if (s.title.includes('\n')) problems.push(`section ${k} title has a line break`);
  });
  for (const w of p.warnings) {
    if (!w.code || !w.message) problems.push('warning without code or message');
    if (w.section !== undefined && (w.section < 0 || w.section >= p.sections.length)) problems.push(`warning ${w.code} section out of range`);
    if (w.line !== undefined && (w.line < 0 || w.line >= p.lines.length)) problems.push(`warning ${w.code} line out of range`);
  }
  return problems;
}

/** `IMPORT_PREVIEW` without what the server adds (sourceName, sourceSha256). */
const RESULT = IMPORT_PREVIEW.omit({ sourceName: true, sourceSha256: true }).strict();

describe('previewImport on random documents made of real report lines', () => {
  it('places every line exactly once and keeps its structural promises', () => {
    const next = random(20231);
    for (let run = 0; run < 400; run++) {
      const doc = randomDocument(next);
      const p = previewImport(doc);
      const problems = [...previewProblems(p), ...shapeProblems(p)];
      expect(problems, `run ${run}: ${JSON.stringify(doc.map((l) => l.text))}`).toEqual([]);
      expect(p.lines).toHaveLength(doc.length);
      // The contract's shape, exactly (nothing stripped by parsing): what the server sends on.
      expect(RESULT.parse(p)).toEqual(p);
    }
  });
});

describe('previewProblems', () => {
  const good = previewImport([{ text: '区工作总结' }, { text: '一、甲' }, { text: '正文。' }, { text: '分享到：' }]);

  it('finds nothing wrong in a sound preview', () => {
    expect(previewProblems(good)).toEqual([]);
  });

  it('reports a line placed nowhere, a line placed twice, and a level jump', () => {
    const lost = { ...good, sections: good.sections.map((s) => ({ ...s, bodyLines: [] })) };
    expect(previewProblems(lost)).toEqual(['line 2 is in no section and not removed']);
    const twice = { ...good, sections: good.sections.map((s) => ({ ...s, bodyLines: [2, 3] })) };
    expect(previewProblems(twice)).toEqual(['line 3 is claimed by removed (分享与登录) and by section 0 body']);
    const jump = { ...good, sections: good.sections.map((s) => ({ ...s, level: 2 })) };
    expect(previewProblems(jump)).toEqual(['section 0 has level 2 after level 0']);
  });
});
