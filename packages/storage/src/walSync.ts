/**
 * Durability of the keystroke path's commits on a SQLite file: they are written with
 * synchronous=NORMAL (no fsync inside the commit, so the main thread never waits for the disk)
 * and the group commit then waits for `sync()`, an fdatasync of the WAL file on libuv's thread
 * pool, before any append of the group resolves. That puts on disk exactly what
 * synchronous=FULL's own sync would — the WAL frames of the commit — so an update is durable
 * before it is relayed, as before. One sync covers every commit written before it.
 *
 * The rest of the database keeps synchronous=FULL (every other write syncs in its commit), and
 * WAL checkpoints sync the WAL and the database file themselves.
 */
import fs from 'node:fs';

/** fdatasync of one SQLite file's WAL. */
export class WalSync {
  private fd: number | null = null;
  /** fdatasync calls completed (for guard tests). */
  readonly stats = { syncs: 0 };

  constructor(readonly path: string) {}

  /** Resolves once everything written to the WAL before the call is on disk. */
  sync(): Promise<void> {
    let fd: number;
    try {
      // Opened on first use: the WAL exists once the database has been written in WAL mode, and
      // stays while any connection is open (a restart reuses the same file from its start).
      fd = this.fd ??= fs.openSync(this.path, 'r+');
    } catch (err) {
      return Promise.reject(err as Error);
    }
    return new Promise<void>((resolve, reject) => {
      // Called through the module object so a test can watch the calls.
      fs.fdatasync(fd, (err) => {
        if (err) return reject(err);
        this.stats.syncs++;
        resolve();
      });
    });
  }

  close(): void {
    if (this.fd === null) return;
    fs.closeSync(this.fd);
    this.fd = null;
  }
}
