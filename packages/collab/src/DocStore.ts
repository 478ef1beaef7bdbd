/**
 * What the collaboration core needs from storage: an append-only log of updates per document,
 * each with its server-known author, plus checkpoints so cold loads need not replay everything.
 */

/** Who wrote an update, taken from the server session, never from the client. */
export interface UpdateAuthor {
  userId: string;
  bureauId: string | null;
  connectionId: string;
}

/** One update to append to a document's log. */
export interface AppendEntry {
  docName: string;
  update: Uint8Array;
  author: UpdateAuthor;
  /** Milliseconds since the epoch, server time. */
  createdAt: number;
  /** Yjs clientIDs first used by this author in this document: bound to author.userId for good. */
  bindClients: number[];
}

/** What a load reads at once: the newest checkpoint, where the log ends and the clientID bindings. */
export interface DocHead {
  /** Merged state up to and including `checkpointSeq`, or null when there is none. */
  checkpoint: Uint8Array | null;
  checkpointSeq: number;
  /** Sequence number of the newest update (0 when the log is empty). */
  lastSeq: number;
  /** Yjs clientID → the user it is bound to. */
  bindings: Map<number, string>;
}

/** Everything needed to rebuild a document in memory, read in one go (tools, tests, small documents). */
export interface LoadedDoc extends DocHead {
  /** Updates after the checkpoint, in log order. */
  updates: Uint8Array[];
}

/** One update of a page, with its place in the log (for logs about it). */
export interface PagedUpdate {
  seq: number;
  update: Uint8Array;
}

/**
 * A document opened for a cold load: the head at once, the updates after the checkpoint (up to
 * `lastSeq` as it was when opened) a page at a time, so no single read holds the process long.
 */
export interface PagedDoc extends DocHead {
  /** Pages of at most the requested size, in log order; iterate once. */
  pages: AsyncIterable<PagedUpdate[]>;
  /**
   * The same pages, readable off the main thread: a worker imports `module` (a URL) and iterates
   * what its `readPages(args)` returns (a synchronous iterable of pages). `args` must survive a
   * structured clone. Stores without it are read on the main thread (see workerLoad).
   */
  workerReader?: WorkerPageReader;
}

/** Where a worker thread reads a document's pages itself (see PagedDoc.workerReader). */
export interface WorkerPageReader {
  module: string;
  args: unknown;
}

/** Rows per page of `DocStore.loadPages` when the caller does not say. */
export const DEFAULT_LOAD_PAGE_SIZE = 2000;

/** One stored update with its author, for history views. */
export interface StoredUpdate {
  seq: number;
  docName: string;
  update: Uint8Array;
  userId: string;
  bureauId: string | null;
  connectionId: string;
  createdAt: number;
}

/** Storage of document update logs. Promises settle only when the work is durable. */
export interface DocStore {
  /** Loads the newest checkpoint, the updates after it and the clientID bindings, all at once. */
  load(docName: string): Promise<LoadedDoc>;
  /** Like `load`, but hands the updates over in pages of at most `pageSize` (default DEFAULT_LOAD_PAGE_SIZE). */
  loadPages(docName: string, pageSize?: number): Promise<PagedDoc>;
  /** Appends entries (possibly for several documents) atomically; resolves with their seqs once durable. */
  append(entries: readonly AppendEntry[]): Promise<number[]>;
  /** Records the merged state of a document up to `uptoSeq`. The log itself is kept. */
  checkpoint(docName: string, state: Uint8Array, uptoSeq: number): Promise<void>;
  /** The update log of a document in order, from `afterSeq` on. */
  history(docName: string, afterSeq?: number): Promise<StoredUpdate[]>;
}

/**
 * Reads every page of a paged document into one LoadedDoc (stores implement `load` with it),
 * letting the event loop run between pages so a long log does not hold the process in one read.
 */
export async function collectPages(paged: PagedDoc): Promise<LoadedDoc> {
  const updates: Uint8Array[] = [];
  let first = true;
  for await (const page of paged.pages) {
    if (!first) await new Promise<void>((resolve) => setImmediate(resolve));
    first = false;
    for (const { update } of page) updates.push(update);
  }
  return { checkpoint: paged.checkpoint, checkpointSeq: paged.checkpointSeq, lastSeq: paged.lastSeq, bindings: paged.bindings, updates };
}

/** Raised by a store when a clientID is already bound to another user (e.g. by another process). */
export class ClientIdConflictError extends Error {
  override readonly name = 'ClientIdConflictError';
}
