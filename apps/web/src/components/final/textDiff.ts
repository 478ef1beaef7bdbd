// A small text diff for showing what a re-merge changed in a section: longest common subsequence over
// segments (one CJK character, punctuation mark or space each; a run of Latin letters or digits as one
// word, so 2019 → 2020 reads as one replacement). Pure, no DOM.

/** What a diff part is: kept, added in `after`, or removed from `before`. */
export type DiffKind = 'equal' | 'insert' | 'delete';

/** A run of text of one kind; consecutive parts never share a kind. */
export interface DiffPart {
  kind: DiffKind;
  text: string;
}

/** Options of {@link diffText}. */
export interface DiffOptions {
  /**
   * Largest LCS table (segments of `before` × segments of `after`, after trimming the common start
   * and end) computed directly. Larger inputs are diffed sentence by sentence first.
   */
  maxCells?: number;
}

const DEFAULT_MAX_CELLS = 1_500_000;

/** Splits text into diff segments: words of Latin letters/digits, otherwise single characters. */
export function tokenize(text: string): string[] {
  return text.match(/[A-Za-z0-9]+|[\s\S]/gu) ?? [];
}

/** Splits text into sentences, each ending after 。！？；!?; or a line break (kept with the sentence). */
export function splitSentences(text: string): string[] {
  return text.match(/[^。！？；!?;\n]*(?:[。！？；!?;\n]+|$)/gu)?.filter((s) => s !== '') ?? [];
}

/**
 * The differences from `before` to `after`, as equal, deleted and inserted parts. Within each changed
 * stretch the deletion comes first. Joining the equal and delete parts gives `before`; joining the
 * equal and insert parts gives `after`.
 *
 * @example
 * diffText('同比增长X%', '同比增长12%')
 * // [{kind:'equal',text:'同比增长'},{kind:'delete',text:'X'},{kind:'insert',text:'12'},{kind:'equal',text:'%'}]
 */
export function diffText(before: string, after: string, options: DiffOptions = {}): DiffPart[] {
  const maxCells = options.maxCells ?? DEFAULT_MAX_CELLS;
  const a = tokenize(before);
  const b = tokenize(after);
  const { start, endA, endB } = trimCommon(a, b);
  const fits = (endA - start + 1) * (endB - start + 1) <= maxCells;
  // The sentence-level fallback works on the whole texts: trimming first could cut sentences apart.
  return tidy(fits ? diffSegments(a, b, maxCells) : coarseDiff(before, after, maxCells));
}

/** Number of non-whitespace characters inserted and deleted. */
export function diffStats(parts: readonly DiffPart[]): { inserted: number; deleted: number } {
  let inserted = 0;
  let deleted = 0;
  for (const part of parts) {
    const n = part.text.replace(/\s/gu, '').length;
    if (part.kind === 'insert') inserted += n;
    else if (part.kind === 'delete') deleted += n;
  }
  return { inserted, deleted };
}

/** A part as displayed: a diff part, or a stretch of unchanged text left out (`hidden` characters). */
export type DisplayPart = DiffPart | { kind: 'gap'; hidden: number };

/**
 * Shortens long unchanged stretches to `context` characters on each side of a change (a gap stands
 * for the rest), so a two-character fix in a long section stays visible.
 */
export function collapseEqual(parts: readonly DiffPart[], context = 40): DisplayPart[] {
  const out: DisplayPart[] = [];
  parts.forEach((part, index) => {
    const chars = Array.from(part.text);
    const first = index === 0;
    const last = index === parts.length - 1;
    const keep = (first ? 0 : context) + (last ? 0 : context);
    // A gap must save something worth it; short stretches and unchanged-only diffs stay whole.
    if (part.kind !== 'equal' || parts.length === 1 || chars.length <= keep + 12) {
      out.push(part);
      return;
    }
    const head = first ? '' : chars.slice(0, context).join('');
    const tail = last ? '' : chars.slice(chars.length - context).join('');
    if (head) out.push({ kind: 'equal', text: head });
    out.push({ kind: 'gap', hidden: chars.length - keep });
    if (tail) out.push({ kind: 'equal', text: tail });
  });
  return out;
}

/**
 * Diffs two segment lists: the common start and end are trimmed, the rest goes through an LCS table
 * when small enough, else is shown as replaced whole.
 */
function diffSegments(a: readonly string[], b: readonly string[], maxCells: number): DiffPart[] {
  const { start, endA, endB } = trimCommon(a, b);
  const midA = a.slice(start, endA);
  const midB = b.slice(start, endB);
  const middle: DiffPart[] =
    (midA.length + 1) * (midB.length + 1) <= maxCells
      ? lcsDiff(midA, midB)
      : [
          { kind: 'delete', text: midA.join('') },
          { kind: 'insert', text: midB.join('') },
        ];
  return merge([{ kind: 'equal', text: a.slice(0, start).join('') }, ...middle, { kind: 'equal', text: a.slice(endA).join('') }]);
}

/** Length of the common start, and where the common end begins in each list. */
function trimCommon(a: readonly string[], b: readonly string[]): { start: number; endA: number; endB: number } {
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--;
    endB--;
  }
  return { start, endA, endB };
}

/** For texts too long for one table: a sentence-level diff, then a fine diff of each replaced stretch. */
function coarseDiff(before: string, after: string, maxCells: number): DiffPart[] {
  const sentences = diffSegments(splitSentences(before), splitSentences(after), maxCells);
  const out: DiffPart[] = [];
  for (let i = 0; i < sentences.length; i++) {
    const part = sentences[i]!;
    const next = sentences[i + 1];
    if (part.kind === 'delete' && next?.kind === 'insert') {
      out.push(...diffSegments(tokenize(part.text), tokenize(next.text), maxCells));
      i++;
    } else {
      out.push(part);
    }
  }
  return merge(out);
}

/** Plain LCS: a suffix table, walked from the start, preferring deletions so they come first. */
function lcsDiff(a: readonly string[], b: readonly string[]): DiffPart[] {
  const n = a.length;
  const m = b.length;
  if (n === 0 || m === 0) {
    return [...(n > 0 ? [{ kind: 'delete' as const, text: a.join('') }] : []), ...(m > 0 ? [{ kind: 'insert' as const, text: b.join('') }] : [])];
  }
  const width = m + 1;
  const table = n < 65_535 && m < 65_535 ? new Uint16Array((n + 1) * width) : new Uint32Array((n + 1) * width);
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      table[i * width + j] = a[i] === b[j] ? table[(i + 1) * width + j + 1]! + 1 : Math.max(table[(i + 1) * width + j]!, table[i * width + j + 1]!);
    }
  }
  const parts: DiffPart[] = [];
  const push = (kind: DiffKind, text: string) => {
    const last = parts[parts.length - 1];
    if (last && last.kind === kind) last.text += text;
    else parts.push({ kind, text });
  };
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (a[i] === b[j]) {
      push('equal', a[i]!);
      i++;
      j++;
    } else if (table[(i + 1) * width + j]! >= table[i * width + j + 1]!) {
      push('delete', a[i]!);
      i++;
    } else {
      push('insert', b[j]!);
      j++;
    }
  }
  while (i < n) push('delete', a[i++]!);
  while (j < m) push('insert', b[j++]!);
  return parts;
}

/**
 * Makes the result readable: an insertion or deletion between two kept stretches slides to the best
 * sentence boundary, a single kept character between two changes (e.g. the 的 in a rewritten clause)
 * is folded into them, and every changed stretch becomes one deletion then one insertion.
 */
function tidy(input: readonly DiffPart[]): DiffPart[] {
  const parts = shiftToBoundaries(input);
  const folded: DiffPart[] = [];
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i]!;
    const prev = parts[i - 1];
    const next = parts[i + 1];
    const lone = part.kind === 'equal' && Array.from(part.text).length === 1 && prev && next && prev.kind !== 'equal' && next.kind !== 'equal';
    if (lone && changedLength(parts, i - 1, -1) + changedLength(parts, i + 1, 1) >= 4) {
      folded.push({ kind: 'delete', text: part.text }, { kind: 'insert', text: part.text });
    } else {
      folded.push(part);
    }
  }
  const out: DiffPart[] = [];
  let deleted = '';
  let inserted = '';
  const flush = () => {
    if (deleted) out.push({ kind: 'delete', text: deleted });
    if (inserted) out.push({ kind: 'insert', text: inserted });
    deleted = '';
    inserted = '';
  };
  for (const part of folded) {
    if (part.kind === 'delete') deleted += part.text;
    else if (part.kind === 'insert') inserted += part.text;
    else {
      flush();
      out.push(part);
    }
  }
  flush();
  return merge(out);
}

/**
 * Slides each lone insertion or deletion between two equal parts to where its edges fall on the best
 * boundaries (after a line break, a sentence stop, a comma), as diff-match-patch's lossless cleanup
 * does: 增长3.2%|。\n新增一段|。\n三是 becomes 增长3.2%。\n|新增一段。\n|三是.
 */
function shiftToBoundaries(input: readonly DiffPart[]): DiffPart[] {
  const parts = input.map((p) => ({ ...p }));
  for (let i = 1; i < parts.length - 1; i++) {
    const prev = parts[i - 1]!;
    const edit = parts[i]!;
    const next = parts[i + 1]!;
    if (prev.kind !== 'equal' || next.kind !== 'equal' || edit.kind === 'equal') continue;
    // Text around the edit as one string; the edit may sit at any offset where it reads the same.
    const left = Array.from(prev.text);
    const middle = Array.from(edit.text);
    const right = Array.from(next.text);
    const all = [...left, ...middle, ...right];
    const size = middle.length;
    // Leftmost start: slide left while the character leaving the edit's end equals the one entering.
    let start = left.length;
    while (start > 0 && all[start - 1] === all[start - 1 + size]) start--;
    let best = start;
    let bestScore = -1;
    for (let at = start; at <= left.length + right.length; at++) {
      if (at > start && all[at - 1] !== all[at - 1 + size]) break;
      const score = boundaryScore(all[at - 1], all[at]) + boundaryScore(all[at + size - 1], all[at + size]);
      if (score >= bestScore) {
        bestScore = score;
        best = at;
      }
    }
    prev.text = all.slice(0, best).join('');
    edit.text = all.slice(best, best + size).join('');
    next.text = all.slice(best + size).join('');
  }
  return merge(parts);
}

/** How good a place between two characters is for an edit to begin or end (higher is better). */
function boundaryScore(before: string | undefined, after: string | undefined): number {
  if (before === undefined || after === undefined) return 6;
  if (before === '\n') return 5;
  if (/[。！？；!?;]/u.test(before)) return 4;
  if (after === '\n') return 3;
  if (/[，、：,:]/u.test(before)) return 2;
  if (/\s/u.test(before) || /\s/u.test(after)) return 1;
  return 0;
}

/** Characters changed in the stretch of non-equal parts starting at `index`, walking `step`. */
function changedLength(parts: readonly DiffPart[], index: number, step: 1 | -1): number {
  let n = 0;
  for (let i = index; i >= 0 && i < parts.length && parts[i]!.kind !== 'equal'; i += step) n += Array.from(parts[i]!.text).length;
  return n;
}

/** Joins neighbours of the same kind and drops empty parts. */
function merge(parts: readonly DiffPart[]): DiffPart[] {
  const out: DiffPart[] = [];
  for (const part of parts) {
    if (part.text === '') continue;
    const last = out[out.length - 1];
    if (last && last.kind === part.kind) out[out.length - 1] = { kind: last.kind, text: last.text + part.text };
    else out.push({ ...part });
  }
  return out;
}
