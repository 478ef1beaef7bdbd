/**
 * Spans of a text by author: each character's Yjs item (textWithRuns) looked up in the log's
 * author index, consecutive characters of one person and bureau written within SESSION_GAP_MS of
 * each other joined into one span (its `at`: the latest write in it).
 */
import type { TextRun } from '@hegao/schema';
import type { AuthorIndex, WriteRecord } from './authorIndex.js';

/** Writes of one person this close in time are one span when their characters are adjacent. */
export const SESSION_GAP_MS = 10 * 60_000;

/** Characters [start, end) written by `record` (null: the log names no one, which should not happen). */
export interface AuthorSpan {
  start: number;
  end: number;
  record: WriteRecord | null;
}

function joinable(span: AuthorSpan, start: number, record: WriteRecord | null): boolean {
  if (span.end !== start) return false;
  if (span.record === null || record === null) return span.record === record;
  return (
    span.record.userId === record.userId &&
    span.record.bureauId === record.bureauId &&
    span.record.via === record.via &&
    Math.abs(record.at - span.record.at) <= SESSION_GAP_MS
  );
}

/** One entry per character of a text: its write record, null when the log names no one, undefined for a line break. */
export type CharRecords = Array<WriteRecord | null | undefined>;

/** The record of every character covered by `runs` (a text of `length` characters). */
export function charRecords(runs: readonly TextRun[], index: AuthorIndex, length: number): CharRecords {
  const out: CharRecords = new Array<WriteRecord | null | undefined>(length);
  for (const run of runs) {
    let pos = run.start;
    let clock = run.clock;
    while (pos < run.end) {
      const found = index.find(run.client, clock);
      const n = found ? Math.min(run.end - pos, found.end - clock) : 1;
      for (let i = 0; i < n; i++) out[pos + i] = found?.record ?? null;
      pos += n;
      clock += n;
    }
  }
  return out;
}

/** Spans of per-character records: characters without an entry (line breaks) are left out. */
export function joinSpans(records: CharRecords): AuthorSpan[] {
  const spans: AuthorSpan[] = [];
  for (let i = 0; i < records.length; i++) {
    const record = records[i];
    if (record === undefined) continue;
    const last = spans[spans.length - 1];
    if (last && joinable(last, i, record)) {
      last.end = i + 1;
      if (record && last.record && record.at > last.record.at) last.record = record;
    } else spans.push({ start: i, end: i + 1, record });
  }
  return spans;
}

/**
 * The author spans of a text whose characters come from `runs`.
 * @example authorSpans(textWithRuns(fragment).runs, index)
 */
export function authorSpans(runs: readonly TextRun[], index: AuthorIndex): AuthorSpan[] {
  return joinSpans(charRecords(runs, index, runs.length > 0 ? runs[runs.length - 1]!.end : 0));
}
