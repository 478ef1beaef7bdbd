/**
 * One document in memory: the Y.Doc, its awareness, its connections and its write pipeline.
 * A write is validated against the state the room will have once everything already accepted
 * is applied, appended to the store, and only then applied to the document and relayed.
 */
import * as Y from 'yjs';
import * as awarenessProtocol from 'y-protocols/awareness';
import { Connection } from './Connection.js';
import type { DocStore, AppendEntry } from './DocStore.js';
import { inspectUpdate, deletesAlreadyApplied, lookupIn, type StructIndex } from './inspectUpdate.js';
import type { ContentRules } from './contentRules.js';
import { loadDocumentOffThread } from './workerLoad.js';
import { translucent } from './translucent.js';
import { decodeAwarenessUpdate, encodeAwarenessUpdate, type AwarenessEntry } from './awarenessCodec.js';
import { sanitizeAwarenessState } from './awarenessState.js';
import { contentDiffers } from './sameContent.js';
import { CLOSE, ProtocolError, encodeAwareness, encodeSyncStep2, encodeUpdate } from './protocol.js';
import type { PeerLink, PeerUpdate } from './peers.js';
import type { CollabLogger, StoredEvent } from './types.js';

/** State vectors whose sync answers a room keeps (oldest dropped first); cleared on every change. */
const MAX_CACHED_SYNC_ANSWERS = 16;
/** Largest state vector whose answer is cached. */
const MAX_CACHED_STATE_VECTOR_BYTES = 4096;

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
  /** Names content may have and where (see ContentRules); undefined: any name. */
  contentRules?: ContentRules | undefined;
  checkpointEvery: number;
  /**
   * Least time between two checkpoints of a live room, unless ten times `checkpointEvery` updates
   * came meanwhile: a checkpoint encodes the whole document, which grows, while fast typing passes
   * `checkpointEvery` several times a second.
   */
  checkpointIntervalMs: number;
  onStored?: ((events: StoredEvent[]) => void) | undefined;
  /** Other servers on the same database (see peers.ts); undefined on a single server. */
  peers?: PeerLink | undefined;
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
  /** Writes that held structs the room already had, so were diffed against its state (a guard for tests). */
  diffs = 0;
  private lastSeq = 0;
  private sinceCheckpoint = 0;
  private checkpointing = false;
  private lastCheckpointAt = -Infinity;
  /** Other servers' updates that arrived while the document was loading (applied once it is). */
  private peerBacklog: PeerUpdate[] | null = null;
  private unfollow: (() => void) | null = null;
  /** Sync step 2 frames by the state vector they answer, while the document is unchanged. */
  private readonly syncAnswers = new Map<string, Uint8Array>();
  /** The full awareness frame, while no presence changed (undefined: not computed). */
  private awarenessCache: Uint8Array | null | undefined = undefined;
  broken = false;

  constructor(
    readonly name: string,
    private readonly opts: RoomOptions,
  ) {
    // The server is not a participant: it has no presence of its own.
    this.awareness.setLocalState(null);
    this.awareness.on('update', ({ added, updated, removed }: AwarenessChange, origin: unknown) => {
      this.awarenessCache = undefined;
      const changed = [...added, ...updated, ...removed];
      const update = awarenessProtocol.encodeAwarenessUpdate(this.awareness, changed);
      const frame = encodeAwareness(update);
      for (const conn of this.conns) conn.send(frame);
      // What this server's connections changed goes to the other servers; what came from them
      // (PEER_ORIGIN) or timed out here does not go back.
      if (origin instanceof Connection) this.opts.peers?.publishAwareness?.(this.name, update);
    });
  }

  /**
   * Loads checkpoint, later updates and clientID bindings from the store without holding other
   * rooms: a large load is applied by a worker thread and handed over in slices (see workerLoad). A load of checkpointEvery updates or more writes a checkpoint, so
   * the next cold load starts from it.
   */
  async load(): Promise<void> {
    const peers = this.opts.peers;
    if (peers) {
      // Followed before the store is read, so nothing another server stores meanwhile is missed
      // (what the load also read is applied twice, which changes nothing).
      this.peerBacklog = [];
      const following = peers.follow(this.name, {
        updates: (updates) => {
          if (this.peerBacklog) this.peerBacklog.push(...updates);
          else this.applyPeer(updates);
        },
        gap: () => void this.catchUp().catch((err: unknown) => this.opts.logger.error('catching up from the store failed', { docName: this.name, error: (err as Error).message })),
        awareness: (update) => {
          if (this.broken) return;
          try {
            awarenessProtocol.applyAwarenessUpdate(this.awareness, update, PEER_ORIGIN);
          } catch (err) {
            this.opts.logger.warn('malformed presence from another server', { docName: this.name, error: (err as Error).message });
          }
        },
      });
      this.unfollow = () => following.stop();
      await following.ready;
    }
    const paged = await this.opts.store.loadPages(this.name);
    const counts = await loadDocumentOffThread(this.doc, paged, {
      docName: this.name,
      logger: this.opts.logger,
      stateAfterUpdates: this.opts.checkpointEvery,
    });
    this.bindings = paged.bindings;
    this.lastSeq = paged.lastSeq;
    this.projected = stateVectorMap(this.doc);
    this.sinceCheckpoint = counts.updates;
    const backlog = this.peerBacklog;
    this.peerBacklog = null;
    if (backlog && backlog.length > 0) this.applyPeer(backlog);
    // The worker encoded the loaded state already; nothing has changed the document since.
    else this.maybeCheckpoint(counts.state ?? undefined);
  }

  /**
   * Applies updates another server stored and relays them to this server's connections. They
   * are durable already; they carry their clientID bindings, so a later write here under one of
   * those clientIDs by someone else is refused as on the server that bound it.
   */
  applyPeer(updates: readonly PeerUpdate[]): void {
    if (this.broken) return;
    for (const u of updates) {
      for (const client of u.bindClients) if (!this.bindings.has(client)) this.bindings.set(client, u.userId);
      try {
        Y.applyUpdate(this.doc, u.update, PEER_ORIGIN);
      } catch (err) {
        this.opts.logger.error('an update from another server could not be applied', { docName: this.name, seq: u.seq, error: (err as Error).message });
        continue;
      }
      this.relay(u.update, null);
      this.lastSeq = Math.max(this.lastSeq, u.seq);
    }
    this.catchUpProjection();
  }

  /**
   * Reads the document from the store and applies what this room lacks (after a gap in what the
   * other servers told it, and before a checkpoint), relaying that to its connections. Returns
   * the newest seq read: every update up to it is in the document now.
   */
  async catchUp(): Promise<number> {
    const loaded = await this.opts.store.load(this.name);
    if (this.broken) return this.lastSeq;
    const before = Y.encodeStateVector(this.doc);
    this.doc.transact(() => {
      if (loaded.checkpoint) Y.applyUpdate(this.doc, loaded.checkpoint);
      for (const update of loaded.updates) Y.applyUpdate(this.doc, update);
    }, PEER_ORIGIN);
    for (const [client, user] of loaded.bindings) if (!this.bindings.has(client)) this.bindings.set(client, user);
    const missing = Y.encodeStateAsUpdate(this.doc, before);
    if (!sameVector(before, Y.encodeStateVector(this.doc))) this.relay(missing, null);
    this.catchUpProjection();
    this.lastSeq = Math.max(this.lastSeq, loaded.lastSeq);
    return loaded.lastSeq;
  }

  /** Writes are checked against what the room will have: that includes what other servers stored. */
  private catchUpProjection(): void {
    for (const [client, clock] of stateVectorMap(this.doc)) {
      if (clock > (this.projected.get(client) ?? 0)) this.projected.set(client, clock);
    }
  }

  /**
   * Accepts a write from a connection that has write access: validates it, queues it and
   * resolves once it is durable, applied and relayed. Throws WriteRefused for invalid input.
   * Returns false when the update changes nothing (nothing is stored).
   */
  write(conn: Connection, update: Uint8Array, isSyncStep2: boolean): Promise<boolean> {
    const inspection = inspectUpdate(update, this.projected, this.opts.allowedRoots, this.lookup, this.opts.contentRules);
    const userId = conn.identity.userId;
    if (!inspection.ok) {
      // A second writer under another user's clientID is told so (4409), whatever else its
      // update would break: its items read against the first writer's at the same clocks.
      if (this.writesUnderForeignClient(update, userId)) throw new WriteRefused(CLOSE.clientIdTaken, 'clientID belongs to another user');
      if (inspection.gap) throw new NeedsResync(inspection.reason);
      throw new WriteRefused(CLOSE.badMessage, inspection.reason);
    }
    const bind: number[] = [];
    for (const client of inspection.newClients) {
      const owner = this.bindings.get(client);
      if (owner === undefined) bind.push(client);
      else if (owner !== userId) {
        throw new WriteRefused(CLOSE.clientIdTaken, `clientID ${client} belongs to another user`);
      }
    }
    for (const [client, end] of inspection.ends) {
      // Content of another user's clientID that the document does not have yet can only come from
      // a second writer using the same clientID at once (what the server relays is applied first);
      // content it has must be the same (a client resending what it received). Anything else is
      // refused, so that client learns, rather than silently dropped as already known.
      const owner = this.bindings.get(client);
      if (owner === undefined || owner === userId) continue;
      if (end > Y.getState(this.doc.store, client) || contentDiffers(inspection.structs, this.doc, client, end)) {
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
    // verbatim they could win over the real ones when the log is merged on load. A keystroke is
    // all new (inspection.fresh): diffing it would only copy it, so it is copied (a frame's bytes
    // may be a view into a larger receive buffer, which would otherwise be kept and cloned whole).
    const fresh = inspection.fresh ? update.slice() : Y.diffUpdate(update, Y.encodeStateVector(this.projected));
    if (!inspection.fresh) this.diffs++;
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

  /** True when `update` carries content the document lacks under a clientID bound to another user. */
  private writesUnderForeignClient(update: Uint8Array, userId: string): boolean {
    let to: Map<number, number>;
    try {
      to = Y.parseUpdateMeta(update).to;
    } catch {
      return false;
    }
    for (const [client, end] of to) {
      const owner = this.bindings.get(client);
      if (owner !== undefined && owner !== userId && end > Y.getState(this.doc.store, client)) return true;
    }
    return false;
  }

  /** True when a write from this read-only connection would change nothing (no need to complain). */
  isNoop(update: Uint8Array): boolean {
    const inspection = inspectUpdate(update, stateVectorMap(this.doc), this.opts.allowedRoots, lookupIn(this.doc), this.opts.contentRules);
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
            this.relay(w.entry.update, w.conn);
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
        // Applied here first: a colleague's answer relayed back by another server finds it.
        this.opts.peers?.publish(
          this.name,
          batch.map((w, i) => ({ seq: seqs[i] ?? 0, update: w.entry.update, userId: w.entry.author.userId, bureauId: w.entry.author.bureauId, createdAt: w.entry.createdAt, bindClients: w.entry.bindClients })),
        );
        this.opts.onStored?.(events);
        this.maybeCheckpoint();
      }
    } finally {
      this.flushing = null;
    }
  }

  /**
   * Sends an applied update to every other connection of the room: the bytes stored in the log
   * (only what the document lacked, see `write`), so colleagues receive exactly what was stored,
   * and Yjs need not encode the change again (the document has no 'update' listener).
   */
  private relay(update: Uint8Array, origin: Connection | null): void {
    this.syncAnswers.clear();
    const frame = encodeUpdate(update);
    for (const conn of this.conns) if (conn !== origin) conn.send(frame);
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

  private maybeCheckpoint(encoded?: Uint8Array): void {
    const { checkpointEvery, checkpointIntervalMs } = this.opts;
    if (this.checkpointing || this.sinceCheckpoint < checkpointEvery) return;
    const now = performance.now();
    if (!encoded && now - this.lastCheckpointAt < checkpointIntervalMs && this.sinceCheckpoint < checkpointEvery * 10) return;
    this.lastCheckpointAt = now;
    this.checkpointing = true;
    const count = this.sinceCheckpoint;
    // With other servers writing too, the document may lack an update stored before its newest
    // (still on its way here): read the store first, so the checkpoint holds all up to its seq.
    const ready: Promise<{ upto: number; state: Uint8Array }> = this.opts.peers
      ? this.catchUp().then((upto) => ({ upto, state: Y.encodeStateAsUpdate(this.doc) }))
      : Promise.resolve({ upto: this.lastSeq, state: encoded ?? Y.encodeStateAsUpdate(this.doc) });
    ready
      .then(({ upto, state }) => this.opts.store.checkpoint(this.name, state, upto))
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
                colorLight: translucent(id.color),
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

  /** Full awareness state, for a new or asking connection; encoded once per change of presence. */
  awarenessFrame(): Uint8Array | null {
    if (this.awarenessCache !== undefined) return this.awarenessCache;
    const clients = [...this.awareness.getStates().keys()];
    this.awarenessCache = clients.length === 0 ? null : encodeAwareness(awarenessProtocol.encodeAwarenessUpdate(this.awareness, clients));
    return this.awarenessCache;
  }

  /**
   * The sync step 2 frame answering a client's sync step 1 (what the document has beyond
   * `stateVector`). Encoded once per state vector while the document is unchanged: a hundred
   * clients (or one client asking a hundred times) cost one encoding, and the frames sent share
   * its bytes. Throws ProtocolError for a state vector that does not decode.
   */
  syncAnswer(stateVector: Uint8Array): Uint8Array {
    const key = Buffer.from(stateVector.buffer, stateVector.byteOffset, stateVector.byteLength).toString('latin1');
    const cached = this.syncAnswers.get(key);
    if (cached) return cached;
    let update: Uint8Array;
    try {
      update = Y.encodeStateAsUpdate(this.doc, stateVector);
    } catch {
      throw new ProtocolError('invalid state vector');
    }
    const frame = encodeSyncStep2(update);
    if (this.syncAnswers.size >= MAX_CACHED_SYNC_ANSWERS) this.syncAnswers.delete(this.syncAnswers.keys().next().value!);
    // Real state vectors are a few bytes per client; odd large ones are answered, not kept.
    if (stateVector.byteLength <= MAX_CACHED_STATE_VECTOR_BYTES) this.syncAnswers.set(key, frame);
    return frame;
  }

  /** Detaches a connection and removes the presence it spoke for. */
  remove(conn: Connection): void {
    this.conns.delete(conn);
    const clients = [...conn.awarenessClients].filter((c) => ![...this.conns].some((o) => o.awarenessClients.has(c)));
    if (clients.length > 0) awarenessProtocol.removeAwarenessStates(this.awareness, clients, conn);
  }

  /** Frees the document. */
  destroy(): void {
    this.unfollow?.();
    this.unfollow = null;
    this.awareness.destroy();
    this.doc.destroy();
  }
}

/** Origin of changes that came from another server or the store, not from a connection here. */
const PEER_ORIGIN = Symbol('peer');

function sameVector(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}

interface AwarenessChange {
  added: number[];
  updated: number[];
  removed: number[];
}

