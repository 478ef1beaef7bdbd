import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { previewProblems } from './invariant.js';
import { previewImport, previewText, textToSourceLines } from './preview.js';
import type { PreviewResult } from './preview.js';

/** An outline written by hand from reading the source. */
interface Outline {
  title: string;
  period: string;
  kind: string;
  sections: { number: string; title: string; level: number }[];
  /** Every non-blank removed line, in source order. */
  removed: { text: string; reason: string }[];
  /** Warning codes, in order. */
  warnings: string[];
  /** Optional: the exact body text of some sections, by title. */
  bodies?: Record<string, string>;
}

const CORPUS = new URL('../corpus/', import.meta.url);
const SEEDS = new URL('../../../seeds/', import.meta.url);

interface Case {
  name: string;
  source: URL;
  outline: URL;
}

const cases: Case[] = [
  ...readdirSync(CORPUS)
    .filter((f) => f.endsWith('.txt'))
    .map((f) => ({ name: f, source: new URL(f, CORPUS), outline: new URL(f.replace(/\.txt$/, '.outline.json'), CORPUS) })),
  ...readdirSync(SEEDS)
    .filter((f) => f.endsWith('.txt'))
    .map((f) => ({ name: `seeds/${f}`, source: new URL(f, SEEDS), outline: new URL(`seeds/${f.replace(/\.txt$/, '.outline.json')}`, CORPUS) })),
];

describe.each(cases)('$name', ({ source, outline }) => {
  const expected = JSON.parse(readFileSync(outline, 'utf8')) as Outline;
  const preview = previewText(readFileSync(source, 'utf8'));

  it('finds the title, period and kind', () => {
    expect({ title: preview.title, period: preview.period, kind: preview.kind }).toEqual({
      title: expected.title,
      period: expected.period,
      kind: expected.kind,
    });
  });

  it('finds exactly the hand-written outline', () => {
    expect(preview.sections.map(({ number, title, level }) => ({ number, title, level }))).toEqual(expected.sections);
  });

  it('removes exactly the expected lines, for the expected reasons', () => {
    expect(preview.removed.filter((r) => r.reason !== '空行').map(({ text, reason }) => ({ text, reason }))).toEqual(expected.removed);
  });

  it('raises exactly the expected warnings', () => {
    expect(preview.warnings.map((w) => w.code)).toEqual(expected.warnings);
  });

  it('places every line exactly once', () => {
    expect(previewProblems(preview)).toEqual([]);
  });

  if (expected.bodies) {
    const bodies = expected.bodies;
    it('keeps the expected body text', () => {
      for (const [title, text] of Object.entries(bodies)) {
        const section = preview.sections.find((s) => s.title === title);
        expect(section?.text, title).toBe(text);
      }
    });
  }
});

it('has a hand-written outline for every seed and at least six corpus reports', () => {
  expect(cases.filter((c) => c.name.startsWith('seeds/'))).toHaveLength(5);
  expect(cases.filter((c) => !c.name.startsWith('seeds/')).length).toBeGreaterThanOrEqual(6);
});

describe('the same sources as .docx paragraphs', () => {
  /** Corpus files without hard-wrap artefacts: as Word paragraphs they must give the same outline as pasted. */
  const plain = cases.filter((c) => !/hard-wrapped|web-scraped/.test(c.name));

  it.each(plain)('$name', ({ source }) => {
    const text = readFileSync(source, 'utf8');
    const pasted = previewText(text);
    const lines = textToSourceLines(text).map((l) => ({ text: l.text, block: { type: 'paragraph' as const, runs: [{ text: l.text.trim() }] } }));
    const uploaded = previewImport(lines);
    const outline = (p: PreviewResult) => p.sections.map(({ number, title, level, text: body }) => ({ number, title, level, body }));
    expect(uploaded.title).toBe(pasted.title);
    expect(outline(uploaded)).toEqual(outline(pasted));
    expect(uploaded.removed.map((r) => r.reason)).toEqual(pasted.removed.map((r) => r.reason));
    expect(previewProblems(uploaded)).toEqual([]);
  });
});
