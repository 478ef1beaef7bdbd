/**
 * Test fixture: the servers of a cluster linked in memory, as the Redis bus links them (in
 * publish order, asynchronously, never back to the publisher). `lose` drops messages on the way,
 * as a lost connection would; `gap` then tells every follower, as the bus does when it notices.
 */
import type { PeerHandlers, PeerLink, PeerUpdate } from '../peers.js';

interface Follower {
  server: string;
  docName: string;
  handlers: PeerHandlers;
}

export class PeerHub {
  private followers = new Set<Follower>();
  private losing = 0;
  /** Messages delivered and lost so far. */
  readonly stats = { delivered: 0, lost: 0 };

  link(server: string): PeerLink {
    return {
      publish: (docName: string, updates: PeerUpdate[]) => {
        const targets = [...this.followers].filter((f) => f.server !== server && f.docName === docName);
        if (this.losing > 0) {
          this.losing--;
          this.stats.lost++;
          return;
        }
        // Copied, as bytes on the wire would be.
        const copy = updates.map((u) => ({ ...u, update: u.update.slice(), bindClients: [...u.bindClients] }));
        setImmediate(() => {
          for (const f of targets) if (this.followers.has(f)) f.handlers.updates(copy);
          this.stats.delivered++;
        });
      },
      publishAwareness: (docName: string, update: Uint8Array) => {
        const targets = [...this.followers].filter((f) => f.server !== server && f.docName === docName);
        const copy = update.slice();
        setImmediate(() => {
          for (const f of targets) if (this.followers.has(f)) f.handlers.awareness?.(copy);
        });
      },
      follow: (docName: string, handlers: PeerHandlers) => {
        const follower = { server, docName, handlers };
        this.followers.add(follower);
        return { ready: Promise.resolve(), stop: () => void this.followers.delete(follower) };
      },
    };
  }

  /** Drops the next `n` published messages. */
  lose(n: number): void {
    this.losing += n;
  }

  /** Tells every follower it may have missed messages. */
  gap(): void {
    for (const f of this.followers) f.handlers.gap();
  }
}
