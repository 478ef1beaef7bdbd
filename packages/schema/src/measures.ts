import { countChars } from './counts.js';
import { findPlaceholders } from './placeholders.js';

/** Character and placeholder counts of a section's text. */
export interface TextMeasures {
  /** 字数 as @hegao/schema's countChars counts it. */
  chars: number;
  /** Number of unfilled placeholders (同比增长X%). */
  placeholders: number;
  /** Short excerpts around the first placeholders, e.g. 增长X%, to quote in a warning. */
  samples: readonly string[];
}

/** Measures of an empty section. */
export const EMPTY_MEASURES: TextMeasures = Object.freeze({ chars: 0, placeholders: 0, samples: Object.freeze([]) });

const SAMPLE_LIMIT = 3;
const CONTEXT = 4;

/**
 * Measures plain section text.
 *
 * @example
 * measureText('同比增长X%') // { chars: 6, placeholders: 1, samples: ['同比增长X%'] }
 */
export function measureText(text: string): TextMeasures {
  const found = findPlaceholders(text);
  const samples = found.slice(0, SAMPLE_LIMIT).map((p) => excerpt(text, p.index, p.length));
  return { chars: countChars(text), placeholders: found.length, samples };
}

/** Where an excerpt stops: line breaks and punctuation, so a quote stays within its clause. */
const STOP = /[\n\p{P}]/u;

/** The placeholder with up to CONTEXT characters before it and 2 after it (plus a %), within its clause. */
function excerpt(text: string, index: number, length: number): string {
  let start = index;
  while (start > 0 && index - start < CONTEXT && !STOP.test(text[start - 1]!)) start--;
  let end = index + length;
  if (text[end] === '%' || text[end] === '％') end++;
  const limit = end + 2;
  while (end < text.length && end < limit && !STOP.test(text[end]!)) end++;
  return text.slice(start, end).trim();
}

/** Whether two measures show the same thing (so the old snapshot can be kept). */
export function sameMeasures(a: TextMeasures, b: TextMeasures): boolean {
  return (
    a.chars === b.chars &&
    a.placeholders === b.placeholders &&
    a.samples.length === b.samples.length &&
    a.samples.every((s, i) => s === b.samples[i])
  );
}
