/**
 * One document in memory: the Y.Doc, its awareness, its connections and its write pipeline.
 * A write is validated against the state the room will have once everything already accepted
 * is applied, appended to the store, and only then applied to the document and relayed.
 */
import * as Y from 'yjs';
import * as awarenessProtocol from 'y-protocols/awareness';
import type { Connection } from './Connection.js';
import type { DocStore, AppendEntry } from './DocStore.js';
import { inspectUpdate, deletesAlreadyApplied, lookupIn, type StructIndex } from './inspectUpdate.js';
import { decodeAwarenessUpdate, encodeAwarenessUpdate, type AwarenessEntry } from './awarenessCodec.js';
import { sanitizeAwarenessState } from './awarenessState.js';
import { CLOSE, encodeAwareness, encodeUpdate } from './protocol.js';
import type { CollabLogger, StoredEvent } from './types.js';

/** How many awareness clientIDs one connection may speak for (a page uses one; a reload reconnects). */
export const MAX_AWARENESS_CLIENTS_PER_CONNECTION = 4;

/**
 * A write that starts after a gap in its client's clock: the client has unsent earlier changes
 * (e.g. typed while it was read-only). It is not stored; the server asks the client to resync.
 */
export class NeedsResync extends Error {}

/** Why a write was refused: the close code to use and a reason for the log. */
export class WriteRefused extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}

interface PendingWrite {
  entry: AppendEntry;
  /** The update's structs, for inspecting later writes that reference them before it is applied. */
  structs: StructIndex;
  conn: Connection;
  resolve: () => void;
  reject: (err: unknown) => void;
}

/** Options a room receives from its server. */
export interface RoomOptions {
  store: DocStore;
  logger: CollabLogger;
  allowedRoots: ReadonlySet<string>;
  checkpointEvery: number;
  onStored?: ((events: StoredEvent[]) => void) | undefined;
  /** Called when the room cannot go on (store failure); the server drops it. */
  onBroken: (room: Room) => void;
}

function stateVectorMap(doc: Y.Doc): Map<number, number> {
  return Y.decodeStateVector(Y.encodeStateVector(doc));
}

/** A loaded document with its connections. */
export class Room {
  readonly doc = new Y.Doc({ gc: false });
  readonly awareness = new awarenessProtocol.Awareness(this.doc);
  readonly conns = new Set<Connection>();
  /** Resolves when an access refresh in progress is done; writes wait for it. */
  accessSettled: Promise<void> = Promise.resolve();
  private bindings = new Map<number, string>();
  private projected = new Map<number, number>();
  private queue: PendingWrite[] = [];
  /** Structs of writes accepted (counted in `projected`) but not yet applied to the document. */
  private unapplied = new Set<StructIndex>();
  private readonly lookup = lookupIn(this.doc, this.unapplied);
  private flushing: Promise<void> | null = null;
  private lastSeq = 0;
  private sinceCheckpoint = 0;
  private checkpointing = false;
  broken = false;

  constructor(
    readonly name: string,
    private readonly opts: RoomOptions,
  ) {
    // The server is not a participant: it has no presence of its own.
    this.awareness.setLocalState(null);
    this.doc.on('update', (update: Uint8Array, origin: unknown) => {
      const frame = encodeUpdate(update);
      for (const conn of this.conns) if (conn !== origin) conn.send(frame);
    });
    this.awareness.on('update', ({ added, updated, removed }: AwarenessChange) => {
      const changed = [...added, ...updated, ...removed];
      const frame = encodeAwareness(awarenessProtocol.encodeAwarenessUpdate(this.awareness, changed));
      for (const conn of this.conns) conn.send(frame);
    });
  }

  /** Loads checkpoint, later updates and clientID bindings from the store. */
  async load(): Promise<void> {
    const loaded = await this.opts.store.load(this.name);
    const parts = loaded.checkpoint ? [loaded.checkpoint, ...loaded.updates] : loaded.updates;
    try {
      if (parts.length > 0) Y.applyUpdate(this.doc, Y.mergeUpdates(parts));
    } catch (err) {
      // One bad stored update must not make the document unloadable: apply the rest one by one.
      this.opts.logger.error('stored log does not merge; applying updates one by one', { docName: this.name, error: (err as Error).message });
      for (const part of parts) {
        try {
          Y.applyUpdate(this.doc, part);
        } catch (partErr) {
          this.opts.logger.error('skipping a stored update that Yjs cannot apply', { docName: this.name, error: (partErr as Error).message });
        }
      }
    }
    if (this.doc.store.pendingStructs || this.doc.store.pendingDs) {
      this.opts.logger.error('stored document has pending structs', { docName: this.name });
    }
    this.bindings = loaded.bindings;
    this.lastSeq = loaded.lastSeq;
    this.projected = stateVectorMap(this.doc);
    this.sinceCheckpoint = loaded.updates.length;
    this.maybeCheckpoint();
  }

  /**
   * Accepts a write from a connection that has write access: validates it, queues it and
   * resolves once it is durable, applied and relayed. Throws WriteRefused for invalid input.
   * Returns false when the update changes nothing (nothing is stored).
   */
  write(conn: Connection, update: Uint8Array, isSyncStep2: boolean): Promise<boolean> {
    const inspection = inspectUpdate(update, this.projected, this.opts.allowedRoots, this.lookup);
    if (!inspection.ok) {
      if (inspection.gap) throw new NeedsResync(inspection.reason);
      throw new WriteRefused(CLOSE.badMessage, inspection.reason);
    }
    const userId = conn.identity.userId;
    const bind: number[] = [];
    for (const client of inspection.newClients) {
      const owner = this.bindings.get(client);
      if (owner === undefined) bind.push(client);
      else if (owner !== userId) {
        throw new WriteRefused(CLOSE.clientIdTaken, `clientID ${client} belongs to another user`);
      }
    }
    if (inspection.newClients.length === 0) {
      if (inspection.deleteCount === 0) return Promise.resolve(false);
      // A reconnecting client's sync step 2 repeats its whole delete set; skip it when it is old news.
      if (isSyncStep2 && this.queue.length === 0 && !this.flushing && deletesAlreadyApplied(inspection.deletes, this.doc)) {
        return Promise.resolve(false);
      }
    }
    // Store only what is new: structs the room already has are ignored when applied, but stored
    // verbatim they could win over the real ones when the log is merged on load.
    const fresh = Y.diffUpdate(update, Y.encodeStateVector(this.projected));
    for (const client of bind) this.bindings.set(client, userId);
    for (const [client, end] of inspection.ends) {
      if (end > (this.projected.get(client) ?? 0)) this.projected.set(client, end);
    }
    this.unapplied.add(inspection.structs);
    return new Promise<boolean>((resolve, reject) => {
      this.queue.push({
        conn,
        structs: inspection.structs,
        entry: {
          docName: this.name,
          update: fresh,
          author: { userId, bureauId: conn.identity.bureauId, connectionId: conn.id },
          createdAt: Date.now(),
          bindClients: bind,
        },
        resolve: () => resolve(true),
        reject,
      });
      this.flushing ??= this.flush().catch((err: unknown) => this.fail(err, []));
    });
  }

  /** True when a write from this read-only connection would change nothing (no need to complain). */
  isNoop(update: Uint8Array): boolean {
    const inspection = inspectUpdate(update, stateVectorMap(this.doc), this.opts.allowedRoots, lookupIn(this.doc));
    return inspection.ok && inspection.newClients.length === 0 && deletesAlreadyApplied(inspection.deletes, this.doc);
  }

  private async flush(): Promise<void> {
    try {
      while (this.queue.length > 0 && !this.broken) {
        const batch = this.queue.splice(0);
        let seqs: number[];
        try {
          seqs = await this.opts.store.append(batch.map((w) => w.entry));
        } catch (err) {
          this.fail(err, batch);
          return;
        }
        const events: StoredEvent[] = [];
        batch.forEach((w, i) => {
          try {
            Y.applyUpdate(this.doc, w.entry.update, w.conn);
          } catch (err) {
            // inspectUpdate should make this impossible; keep serving the others and log loudly.
            this.opts.logger.error('a validated update could not be applied', { docName: this.name, error: (err as Error).message });
          }
          this.unapplied.delete(w.structs);
          const seq = seqs[i] ?? 0;
          events.push({ docName: this.name, userId: w.entry.author.userId, bureauId: w.entry.author.bureauId, seq, createdAt: w.entry.createdAt });
          this.lastSeq = Math.max(this.lastSeq, seq);
        });
        if (this.doc.store.pendingStructs || this.doc.store.pendingDs) {
          // inspectUpdate should make this impossible; if it happens the log still holds the truth.
          this.opts.logger.error('document has pending structs after a validated update', { docName: this.name });
        }
        this.sinceCheckpoint += batch.length;
        for (const w of batch) w.resolve();
        this.opts.onStored?.(events);
        this.maybeCheckpoint();
      }
    } finally {
      this.flushing = null;
    }
  }

  private fail(err: unknown, batch: PendingWrite[]): void {
    this.broken = true;
    this.opts.logger.error('store append failed; dropping room so clients resync', {
      docName: this.name,
      error: (err as Error).message,
    });
    this.unapplied.clear();
    for (const w of [...batch, ...this.queue.splice(0)]) w.reject(err);
    for (const conn of this.conns) conn.close(CLOSE.storeFailed, 'store failed');
    this.opts.onBroken(this);
  }

  private maybeCheckpoint(): void {
    if (this.checkpointing || this.sinceCheckpoint < this.opts.checkpointEvery) return;
    this.checkpointing = true;
    const upto = this.lastSeq;
    const state = Y.encodeStateAsUpdate(this.doc);
    const count = this.sinceCheckpoint;
    this.opts.store
      .checkpoint(this.name, state, upto)
      .then(() => {
        this.sinceCheckpoint = Math.max(0, this.sinceCheckpoint - count);
      })
      .catch((err: unknown) => {
        this.opts.logger.error('checkpoint failed', { docName: this.name, error: (err as Error).message });
      })
      .finally(() => {
        this.checkpointing = false;
      });
  }

  /** Resolves when every queued write has been stored (or failed). */
  async idle(): Promise<void> {
    while (this.flushing) await this.flushing;
  }

  /**
   * Applies an awareness update from a connection after dropping entries for clientIDs it may not
   * speak for, keeping only the fields 合稿 uses (`focus`, a well-formed `cursor` — a malformed one
   * would make every other viewer's cursor plugin throw — see `sanitizeAwarenessState`) and stamping
   * each entry with the connection's server-known user.
   */
  applyAwareness(conn: Connection, update: Uint8Array): void {
    const entries = decodeAwarenessUpdate(update);
    const kept: AwarenessEntry[] = [];
    for (const entry of entries) {
      if (!conn.awarenessClients.has(entry.clientID)) {
        // The stock client re-broadcasts every awareness change it sees (echoes) and removals of
        // peers that left: neither may make this connection the owner of that clientID.
        const known = this.awareness.meta.get(entry.clientID)?.clock;
        if (entry.state === null || (known !== undefined && entry.clock <= known)) continue;
      }
      if (!conn.awarenessClients.has(entry.clientID) && conn.awarenessClients.size >= MAX_AWARENESS_CLIENTS_PER_CONNECTION) {
        // A page speaks for one clientID per document; a flood of new ones would be relayed to everyone.
        this.opts.logger.warn('awareness entry over the per-connection clientID limit dropped', {
          docName: this.name,
          clientID: entry.clientID,
          userId: conn.identity.userId,
        });
        continue;
      }
      if (!this.mayControl(conn, entry.clientID)) {
        this.opts.logger.warn('awareness entry for a foreign clientID dropped', {
          docName: this.name,
          clientID: entry.clientID,
          userId: conn.identity.userId,
        });
        continue;
      }
      conn.awarenessClients.add(entry.clientID);
      const id = conn.identity;
      const state =
        entry.state === null
          ? null
          : {
              ...sanitizeAwarenessState(entry.state, this.opts.allowedRoots),
              user: {
                id: id.userId,
                name: id.name,
                role: id.role,
                bureauId: id.bureauId,
                bureau: id.bureauName,
                color: id.color,
                colorLight: `${id.color}33`,
              },
            };
      kept.push({ ...entry, state });
    }
    if (kept.length > 0) awarenessProtocol.applyAwarenessUpdate(this.awareness, encodeAwarenessUpdate(kept), conn);
  }

  private mayControl(conn: Connection, clientID: number): boolean {
    if (conn.awarenessClients.has(clientID)) return true;
    const owner = this.bindings.get(clientID);
    if (owner !== undefined && owner !== conn.identity.userId) return false;
    for (const other of this.conns) {
      if (other !== conn && other.awarenessClients.has(clientID) && other.identity.userId !== conn.identity.userId) {
        return false;
      }
    }
    return true;
  }

  /** Full awareness state, for a new or asking connection. */
  awarenessFrame(): Uint8Array | null {
    const clients = [...this.awareness.getStates().keys()];
    if (clients.length === 0) return null;
    return encodeAwareness(awarenessProtocol.encodeAwarenessUpdate(this.awareness, clients));
  }

  /** Detaches a connection and removes the presence it spoke for. */
  remove(conn: Connection): void {
    this.conns.delete(conn);
    const clients = [...conn.awarenessClients].filter((c) => ![...this.conns].some((o) => o.awarenessClients.has(c)));
    if (clients.length > 0) awarenessProtocol.removeAwarenessStates(this.awareness, clients, conn);
  }

  /** Frees the document. */
  destroy(): void {
    this.awareness.destroy();
    this.doc.destroy();
  }
}

interface AwarenessChange {
  added: number[];
  updated: number[];
  removed: number[];
}
