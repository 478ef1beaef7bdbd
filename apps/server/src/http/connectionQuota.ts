/**
 * Limits on long-lived connections — collaboration sockets and report event streams — per user
 * and per client address, so no account (and no address, before it has logged in) can hold
 * thousands of them. Each open connection holds a slot until its release function is called.
 */

/** Documented limits (docs/api.md "Limits"); configurable, see config.ts. */
export interface ConnectionQuotaLimits {
  socketsPerUser: number;
  socketsPerAddress: number;
  streamsPerUser: number;
  streamsPerAddress: number;
}

/**
 * The defaults. A page holds one multiplexed socket and one event stream per open report, so a
 * user with ten tabs needs ten of each; one socket per section (the fallback without /collab-mux)
 * needs one per section of the report. An address may be a whole office behind one NAT.
 */
export const DEFAULT_CONNECTION_QUOTA: ConnectionQuotaLimits = {
  socketsPerUser: 100,
  socketsPerAddress: 1000,
  streamsPerUser: 20,
  streamsPerAddress: 400,
};

/** What kind of connection a slot is for. */
export type ConnectionKind = 'socket' | 'stream';

/** Why a slot was refused: the limit that was reached. */
export type QuotaRefusal = 'user' | 'address';

/** Counts open connections by kind, per user and per address. */
export class ConnectionQuota {
  private readonly counts = new Map<string, number>();

  constructor(readonly limits: ConnectionQuotaLimits = DEFAULT_CONNECTION_QUOTA) {}

  /**
   * Takes a slot for an address (before authentication) — or for a user, once known. Returns a
   * release function (idempotent), or which limit refused it.
   */
  acquire(kind: ConnectionKind, by: { address?: string; userId?: string }): (() => void) | QuotaRefusal {
    const keys: string[] = [];
    if (by.address !== undefined) {
      const key = `${kind}:a:${by.address}`;
      if ((this.counts.get(key) ?? 0) >= this.limitOf(kind, 'address')) return 'address';
      keys.push(key);
    }
    if (by.userId !== undefined) {
      const key = `${kind}:u:${by.userId}`;
      if ((this.counts.get(key) ?? 0) >= this.limitOf(kind, 'user')) return 'user';
      keys.push(key);
    }
    for (const key of keys) this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      for (const key of keys) {
        const n = (this.counts.get(key) ?? 1) - 1;
        if (n <= 0) this.counts.delete(key);
        else this.counts.set(key, n);
      }
    };
  }

  /** Open connections of a kind held by a user (for tests and logs). */
  countOf(kind: ConnectionKind, userId: string): number {
    return this.counts.get(`${kind}:u:${userId}`) ?? 0;
  }

  private limitOf(kind: ConnectionKind, by: QuotaRefusal): number {
    if (kind === 'socket') return by === 'user' ? this.limits.socketsPerUser : this.limits.socketsPerAddress;
    return by === 'user' ? this.limits.streamsPerUser : this.limits.streamsPerAddress;
  }
}
