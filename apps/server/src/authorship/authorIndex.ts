/**
 * Which stored update wrote each Yjs clock of a document: for every client, the clock ranges of
 * the updates in the log with their server-known author and time. Built from the log
 * (`Y.parseUpdateMeta` of each update: no document needed) and extended as the log grows.
 */
import * as Y from 'yjs';

/** Connection id prefix of what a merge (合稿) wrote into a final draft: `merge:<eventId>`. */
export const MERGE_CONNECTION_PREFIX = 'merge:';

/** Who wrote an update and when, from the server's own record. */
export interface WriteRecord {
  userId: string;
  bureauId: string | null;
  /** Milliseconds since the epoch. */
  at: number;
  /** `merge:<eventId>` when a merge wrote it (the text is the sections' writers'); otherwise absent. */
  via?: string;
}

/** One client's ranges, sorted by `from` once `sorted`. */
interface ClientRanges {
  from: number[];
  to: number[];
  records: WriteRecord[];
  sorted: boolean;
}

/** A found range: the record and the clock where its range ends (exclusive). */
export interface FoundWrite {
  record: WriteRecord;
  end: number;
}

/** Clock ranges → write records for one document's log. */
export class AuthorIndex {
  /** The newest seq added. */
  lastSeq = 0;
  /** Updates added. */
  size = 0;
  private readonly clients = new Map<number, ClientRanges>();

  /** Adds one stored update (in log order). An update Yjs cannot parse adds nothing. */
  add(seq: number, update: Uint8Array, record: WriteRecord): void {
    this.lastSeq = Math.max(this.lastSeq, seq);
    this.size++;
    let meta: { from: Map<number, number>; to: Map<number, number> };
    try {
      meta = Y.parseUpdateMeta(update);
    } catch {
      return;
    }
    for (const [client, from] of meta.from) {
      const to = meta.to.get(client) ?? from;
      if (to <= from) continue;
      let ranges = this.clients.get(client);
      if (!ranges) this.clients.set(client, (ranges = { from: [], to: [], records: [], sorted: true }));
      const last = ranges.from.length - 1;
      if (last >= 0 && from < ranges.from[last]!) ranges.sorted = false;
      ranges.from.push(from);
      ranges.to.push(to);
      ranges.records.push(record);
    }
  }

  /** The update that wrote `clock` of `client`, or null when the log holds none. */
  find(client: number, clock: number): FoundWrite | null {
    const ranges = this.clients.get(client);
    if (!ranges) return null;
    if (!ranges.sorted) sortRanges(ranges);
    // The last range starting at or before `clock`.
    let lo = 0;
    let hi = ranges.from.length - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (ranges.from[mid]! <= clock) {
        found = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    if (found < 0 || clock >= ranges.to[found]!) return null;
    return { record: ranges.records[found]!, end: ranges.to[found]! };
  }
}

function sortRanges(ranges: ClientRanges): void {
  const order = ranges.from.map((_, i) => i).sort((a, b) => ranges.from[a]! - ranges.from[b]!);
  ranges.from = order.map((i) => ranges.from[i]!);
  ranges.to = order.map((i) => ranges.to[i]!);
  ranges.records = order.map((i) => ranges.records[i]!);
  ranges.sorted = true;
}
