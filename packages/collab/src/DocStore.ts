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

/** Everything needed to rebuild a document in memory. */
export interface LoadedDoc {
  /** Merged state up to and including `checkpointSeq`, or null when there is none. */
  checkpoint: Uint8Array | null;
  checkpointSeq: number;
  /** Updates after the checkpoint, in log order. */
  updates: Uint8Array[];
  /** Sequence number of the newest update (0 when the log is empty). */
  lastSeq: number;
  /** Yjs clientID → the user it is bound to. */
  bindings: Map<number, string>;
}

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
  /** Loads the newest checkpoint, the updates after it and the clientID bindings. */
  load(docName: string): Promise<LoadedDoc>;
  /** Appends entries (possibly for several documents) atomically; resolves with their seqs once durable. */
  append(entries: readonly AppendEntry[]): Promise<number[]>;
  /** Records the merged state of a document up to `uptoSeq`. The log itself is kept. */
  checkpoint(docName: string, state: Uint8Array, uptoSeq: number): Promise<void>;
  /** The update log of a document in order, from `afterSeq` on. */
  history(docName: string, afterSeq?: number): Promise<StoredUpdate[]>;
}

/** Raised by a store when a clientID is already bound to another user (e.g. by another process). */
export class ClientIdConflictError extends Error {
  override readonly name = 'ClientIdConflictError';
}
