/**
 * The SQLite hot path of SqlDocStore: a group of appends written in one transaction with
 * better-sqlite3 statements prepared once per connection — clientID binding checks and inserts,
 * the updates, one audit chain record for everything stored, and each touched section's last
 * editor (最后编辑) — synchronously, with no query building per keystroke. It runs on the append
 * connection of a SQLite file or on the server's connection (':memory:'; see groupCommit.ts).
 */
import type BetterSqlite3 from 'better-sqlite3';
import type { AppendEntry } from '@hegao/collab';
import { GENESIS_HASH, encodeRuns, feedUpdate, recordHash } from './audit.js';

/** What one append of a group came to: its seqs, or why it was refused (nothing of it written). */
export type AppendOutcome = { seqs: number[] } | { conflict: string };

/** Writes groups of appends on one better-sqlite3 connection. */
export class SqliteAppender {
  private readonly clientOwner: BetterSqlite3.Statement<[string, number]>;
  private readonly bindClient: BetterSqlite3.Statement<[string, number, string, number]>;
  private readonly insertUpdate: BetterSqlite3.Statement<[string, Uint8Array, string, string | null, string, number]>;
  private readonly chainHead: BetterSqlite3.Statement<[]>;
  private readonly insertChain: BetterSqlite3.Statement<[number, string, string, string, string, number]>;
  private readonly touchSection: BetterSqlite3.Statement<[string, number, string, number, string]>;
  private readonly run: (appends: readonly (readonly AppendEntry[])[]) => AppendOutcome[];

  constructor(db: BetterSqlite3.Database) {
    this.clientOwner = db.prepare<[string, number]>('SELECT user_id FROM doc_clients WHERE doc_name = ? AND client_id = ?').pluck();
    this.bindClient = db.prepare('INSERT INTO doc_clients (doc_name, client_id, user_id, created_at) VALUES (?, ?, ?, ?) ON CONFLICT (doc_name, client_id) DO NOTHING');
    this.insertUpdate = db.prepare('INSERT INTO doc_updates (doc_name, data, user_id, bureau_id, connection_id, created_at) VALUES (?, ?, ?, ?, ?, ?)');
    this.chainHead = db.prepare<[]>('SELECT seq, hash FROM audit_chain ORDER BY seq DESC LIMIT 1');
    this.insertChain = db.prepare('INSERT INTO audit_chain (seq, kind, ref, prev_hash, hash, created_at) VALUES (?, ?, ?, ?, ?, ?)');
    // The section's 最后编辑, only ever moved forward, and only to a user that exists (an update
    // stored under another name must not fail the whole group on the foreign key).
    this.touchSection = db.prepare(
      'UPDATE sections SET last_edit_user_id = ?, last_edit_at = ? WHERE doc_name = ? AND (last_edit_at IS NULL OR last_edit_at <= ?) AND EXISTS (SELECT 1 FROM users WHERE id = ?)',
    );
    // IMMEDIATE: the write lock is taken before the chain head is read.
    this.run = db.transaction((appends: readonly (readonly AppendEntry[])[]) => this.write(appends)).immediate;
  }

  /** Writes the appends in one transaction (one commit); a refused append writes nothing. */
  commit(appends: readonly (readonly AppendEntry[])[]): AppendOutcome[] {
    return this.run(appends);
  }

  private write(appends: readonly (readonly AppendEntry[])[]): AppendOutcome[] {
    const outcomes: AppendOutcome[] = [];
    const stored: { seq: number; entry: AppendEntry }[] = [];
    const lastEdit = new Map<string, AppendEntry>();
    for (const entries of appends) {
      const conflict = this.conflictOf(entries);
      if (conflict) {
        outcomes.push({ conflict });
        continue;
      }
      const seqs: number[] = [];
      for (const entry of entries) {
        for (const client of entry.bindClients) this.bindClient.run(entry.docName, client, entry.author.userId, entry.createdAt);
        const { lastInsertRowid } = this.insertUpdate.run(entry.docName, entry.update, entry.author.userId, entry.author.bureauId, entry.author.connectionId, entry.createdAt);
        const seq = Number(lastInsertRowid);
        seqs.push(seq);
        stored.push({ seq, entry });
        const last = lastEdit.get(entry.docName);
        if (!last || last.createdAt <= entry.createdAt) lastEdit.set(entry.docName, entry);
      }
      outcomes.push({ seqs });
    }
    if (stored.length > 0) this.chain(stored);
    for (const [docName, entry] of lastEdit) {
      this.touchSection.run(entry.author.userId, entry.createdAt, docName, entry.createdAt, entry.author.userId);
    }
    return outcomes;
  }

  /**
   * Why these entries may not be stored: one binds a client id bound, in that document, to another
   * user (by earlier appends of the same transaction too), or binds one id to two users.
   */
  private conflictOf(entries: readonly AppendEntry[]): string | null {
    const claimed = new Map<string, string>();
    for (const entry of entries) {
      for (const client of entry.bindClients) {
        const key = `${entry.docName}\u0000${client}`;
        const owner = claimed.get(key) ?? (this.clientOwner.get(entry.docName, client) as string | undefined);
        if (owner !== undefined && owner !== entry.author.userId) return `client ${client} is bound to another user`;
        claimed.set(key, entry.author.userId);
      }
    }
    return null;
  }

  /** One audit chain record for the updates stored (as audit.ts `chainRecord` writes it). */
  private chain(stored: { seq: number; entry: AppendEntry }[]): void {
    const rows = stored.sort((a, b) => a.seq - b.seq);
    const head = this.chainHead.get() as { seq: number; hash: string } | undefined;
    const prevSeq = head ? Number(head.seq) : 0;
    const prevHash = head?.hash ?? GENESIS_HASH;
    const seq = prevSeq + 1;
    const createdAt = Date.now();
    const ref = encodeRuns(rows.map((r) => r.seq));
    const hash = recordHash(seq, 'updates', ref, prevHash, createdAt, (h) => {
      for (const { seq: s, entry } of rows) {
        feedUpdate(h, {
          seq: s,
          doc_name: entry.docName,
          data: entry.update,
          user_id: entry.author.userId,
          bureau_id: entry.author.bureauId,
          connection_id: entry.author.connectionId,
          created_at: entry.createdAt,
        });
      }
    });
    this.insertChain.run(seq, 'updates', ref, prevHash, hash, createdAt);
  }
}
