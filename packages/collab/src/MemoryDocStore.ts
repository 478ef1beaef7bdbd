/** In-memory DocStore for unit tests; same semantics as the SQL stores, nothing durable. */
import {
  ClientIdConflictError,
  DEFAULT_LOAD_PAGE_SIZE,
  collectPages,
  type AppendEntry,
  type DocStore,
  type LoadedDoc,
  type PagedDoc,
  type PagedUpdate,
  type StoredUpdate,
} from './DocStore.js';

interface MemoryDoc {
  log: StoredUpdate[];
  checkpoint: { state: Uint8Array; seq: number } | null;
  bindings: Map<number, string>;
}

/** Keeps update logs in memory; `failNextAppend` lets tests simulate a failing disk. */
export class MemoryDocStore implements DocStore {
  private readonly docs = new Map<string, MemoryDoc>();
  private seq = 0;
  /** When set, the next append rejects with this error (then resets). */
  failNextAppend: Error | null = null;

  private doc(name: string): MemoryDoc {
    let doc = this.docs.get(name);
    if (!doc) {
      doc = { log: [], checkpoint: null, bindings: new Map() };
      this.docs.set(name, doc);
    }
    return doc;
  }

  async load(docName: string): Promise<LoadedDoc> {
    return collectPages(await this.loadPages(docName));
  }

  async loadPages(docName: string, pageSize = DEFAULT_LOAD_PAGE_SIZE): Promise<PagedDoc> {
    const doc = this.doc(docName);
    const from = doc.checkpoint?.seq ?? 0;
    // A snapshot, like the SQL store's `seq <= lastSeq`: appends after this call are not in the pages.
    const updates = doc.log.filter((u) => u.seq > from).map((u) => ({ seq: u.seq, update: u.update }));
    const size = Math.max(1, pageSize);
    async function* pages(): AsyncGenerator<PagedUpdate[]> {
      for (let i = 0; i < updates.length; i += size) yield updates.slice(i, i + size);
    }
    return {
      checkpoint: doc.checkpoint?.state ?? null,
      checkpointSeq: from,
      lastSeq: doc.log.at(-1)?.seq ?? 0,
      bindings: new Map(doc.bindings),
      pages: pages(),
    };
  }

  async append(entries: readonly AppendEntry[]): Promise<number[]> {
    if (this.failNextAppend) {
      const err = this.failNextAppend;
      this.failNextAppend = null;
      throw err;
    }
    for (const entry of entries) {
      const bindings = this.doc(entry.docName).bindings;
      for (const client of entry.bindClients) {
        const owner = bindings.get(client);
        if (owner !== undefined && owner !== entry.author.userId) {
          throw new ClientIdConflictError(`client ${client} is bound to another user`);
        }
      }
    }
    return entries.map((entry) => {
      const doc = this.doc(entry.docName);
      for (const client of entry.bindClients) doc.bindings.set(client, entry.author.userId);
      const seq = ++this.seq;
      doc.log.push({
        seq,
        docName: entry.docName,
        update: entry.update.slice(),
        userId: entry.author.userId,
        bureauId: entry.author.bureauId,
        connectionId: entry.author.connectionId,
        createdAt: entry.createdAt,
      });
      return seq;
    });
  }

  async checkpoint(docName: string, state: Uint8Array, uptoSeq: number): Promise<void> {
    this.doc(docName).checkpoint = { state: state.slice(), seq: uptoSeq };
  }

  async history(docName: string, afterSeq = 0): Promise<StoredUpdate[]> {
    return this.doc(docName).log.filter((u) => u.seq > afterSeq);
  }
}
