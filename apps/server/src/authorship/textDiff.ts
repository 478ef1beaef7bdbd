/**
 * The difference between two moments of a document, read from the document itself rather than
 * by comparing texts: a document that keeps deleted content (gc off) holds every character ever
 * typed, so a character is kept (present at both moments), inserted (only at the later one) or
 * deleted (only at the earlier one) by its Yjs ID — exact even where a text diff would guess
 * (a figure deleted and typed again is a deletion and an insertion, not "unchanged").
 *
 * Inserted characters carry their writer (the author index); deleted ones who deleted them (the
 * first stored update between the two moments whose delete set covers them).
 */
import { textWithRuns } from '@hegao/schema';
import * as Y from 'yjs';
import type { AuthorIndex, WriteRecord } from './authorIndex.js';
import { SESSION_GAP_MS } from './authorSpans.js';

/** A part of a diff; joining equal+delete gives the earlier text, equal+insert the later one. */
export interface DiffPart {
  kind: 'equal' | 'insert' | 'delete';
  text: string;
  /** Insert: who wrote it; delete: who deleted it; null when the log does not say; absent on equal. */
  record?: WriteRecord | null;
}

/** One deleted range and the update that deleted it (`order`: its place in the log). */
interface DeletedRange {
  from: number;
  to: number;
  order: number;
  record: WriteRecord;
}

/** Per client: ranges sorted by `from`, with the running maximum of `to` (to stop scans early). */
interface SortedRanges {
  ranges: DeletedRange[];
  maxTo: number[];
}

/**
 * Who deleted which clocks. A delete set may repeat earlier deletions (a reconnecting client's
 * sync resends its whole delete set), so a clock's deleter is the earliest update covering it.
 */
export class DeletionIndex {
  private readonly added = new Map<number, DeletedRange[]>();
  private sorted = new Map<number, SortedRanges>();
  private order = 0;

  /** Adds the delete set of one stored update (in log order). */
  add(update: Uint8Array, record: WriteRecord): void {
    let ds: { clients: Map<number, Array<{ clock: number; len: number }>> };
    try {
      ds = Y.decodeUpdate(update).ds as unknown as typeof ds;
    } catch {
      return;
    }
    const order = this.order++;
    for (const [client, items] of ds.clients) {
      let list = this.added.get(client);
      if (!list) this.added.set(client, (list = []));
      for (const { clock, len } of items) list.push({ from: clock, to: clock + len, order, record });
      this.sorted.delete(client);
    }
  }

  private sortedOf(client: number): SortedRanges | undefined {
    let sorted = this.sorted.get(client);
    if (sorted) return sorted;
    const list = this.added.get(client);
    if (!list) return undefined;
    const ranges = [...list].sort((a, b) => a.from - b.from || a.order - b.order);
    const maxTo: number[] = [];
    let max = -Infinity;
    for (const r of ranges) maxTo.push((max = Math.max(max, r.to)));
    sorted = { ranges, maxTo };
    this.sorted.set(client, sorted);
    return sorted;
  }

  /** The first update that deleted `clock` of `client`. */
  find(client: number, clock: number): WriteRecord | null {
    const sorted = this.sortedOf(client);
    if (!sorted) return null;
    const { ranges, maxTo } = sorted;
    // The last range starting at or before `clock`, then back while an earlier one may reach it.
    let lo = 0;
    let hi = ranges.length - 1;
    let last = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (ranges[mid]!.from <= clock) {
        last = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    let best: DeletedRange | null = null;
    for (let j = last; j >= 0 && maxTo[j]! > clock; j--) {
      const r = ranges[j]!;
      if (r.to > clock && (!best || r.order < best.order)) best = r;
    }
    return best?.record ?? null;
  }
}

/** Whether `id` was present in the document whose snapshot is `snap`. */
function presentIn(snap: Y.Snapshot, id: Y.ID): boolean {
  return id.clock < (snap.sv.get(id.client) ?? 0) && !Y.isDeleted(snap.ds, id);
}

function sameWriter(a: WriteRecord | null | undefined, b: WriteRecord | null | undefined): boolean {
  if (!a || !b) return a === b;
  return a.userId === b.userId && a.bureauId === b.bureauId && Math.abs(a.at - b.at) <= SESSION_GAP_MS;
}

/**
 * Parts from the moment of `from` to the moment of `to` (snapshots of `doc`, which must hold
 * everything up to `to`, deleted content included).
 * @example diffParts(doc, Y.snapshot(earlierDoc), Y.snapshot(doc), index, deletions)
 */
export function diffParts(doc: Y.Doc, from: Y.Snapshot, to: Y.Snapshot, index: AuthorIndex, deletions: DeletionIndex): DiffPart[] {
  const inFrom = (item: Y.Item) => {
    for (let i = 0; i < item.length; i++) if (presentIn(from, Y.createID(item.id.client, item.id.clock + i))) return true;
    return false;
  };
  const inTo = (item: Y.Item) => {
    for (let i = 0; i < item.length; i++) if (presentIn(to, Y.createID(item.id.client, item.id.clock + i))) return true;
    return false;
  };
  const union = textWithRuns(doc.getXmlFragment('prosemirror'), { visible: (item) => inTo(item) || inFrom(item) });
  const kinds: Array<DiffPart['kind'] | null> = new Array<DiffPart['kind'] | null>(union.text.length).fill(null);
  const records: Array<WriteRecord | null | undefined> = new Array<WriteRecord | null | undefined>(union.text.length);
  const drop: boolean[] = new Array<boolean>(union.text.length).fill(false);
  for (const run of union.runs) {
    for (let i = run.start; i < run.end; i++) {
      const id = Y.createID(run.client, run.clock + (i - run.start));
      const before = presentIn(from, id);
      const after = presentIn(to, id);
      // Characters merged into an item after `from` and gone again by `to` are in neither.
      if (!before && !after) drop[i] = true;
      else if (before && after) kinds[i] = 'equal';
      else if (after) {
        kinds[i] = 'insert';
        records[i] = index.find(id.client, id.clock)?.record ?? null;
      } else {
        kinds[i] = 'delete';
        records[i] = deletions.find(id.client, id.clock);
      }
    }
  }
  // Line breaks: in each version's text a break comes before every line present in it but the
  // first, so the break before a union line is kept, inserted, deleted or in neither version.
  let seenFrom = false;
  let seenTo = false;
  for (const [n, line] of union.lines.entries()) {
    let inF = false;
    let inT = false;
    let any = false;
    for (let i = line.start; i < line.end; i++) {
      if (drop[i] || kinds[i] === null) continue;
      any = true;
      if (kinds[i] !== 'insert') inF = true;
      if (kinds[i] !== 'delete') inT = true;
    }
    // A line is present where the element that makes it (its paragraph, heading or table row) is,
    // whatever its characters: an emptied paragraph is still a line.
    const item = line.element?._item;
    if (item) {
      inF = presentIn(from, item.id);
      inT = presentIn(to, item.id);
    } else if (!any) {
      inF = true;
      inT = true;
    }
    if (n > 0) {
      const breakAt = line.start - 1;
      const keptFrom = inF && seenFrom;
      const keptTo = inT && seenTo;
      if (keptFrom && keptTo) kinds[breakAt] = 'equal';
      else if (keptTo) kinds[breakAt] = 'insert';
      else if (keptFrom) kinds[breakAt] = 'delete';
      else drop[breakAt] = true;
      records[breakAt] = undefined;
    }
    seenFrom ||= inF;
    seenTo ||= inT;
  }
  const parts: DiffPart[] = [];
  for (let i = 0; i < union.text.length; i++) {
    if (drop[i]) continue;
    const kind = kinds[i] ?? 'equal';
    const record = records[i];
    const last = parts[parts.length - 1];
    // A line break has no writer of its own: it joins the part next to it.
    if (last && last.kind === kind && (kind === 'equal' || record === undefined || last.record === undefined || sameWriter(last.record, record))) {
      last.text += union.text[i]!;
      if (last.record === undefined && record !== undefined && kind !== 'equal') last.record = record;
    } else parts.push(kind === 'equal' ? { kind, text: union.text[i]! } : { kind, text: union.text[i]!, ...(record !== undefined ? { record } : {}) });
  }
  for (const part of parts) if (part.kind !== 'equal' && part.record === undefined) part.record = null;
  return parts;
}
