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

/** Gives a slot back; idempotent (a second call frees nothing more). */
export type QuotaRelease = () => void;

/** What an acquire answers: the slot's release function, or which limit refused it. */
export type QuotaAnswer = QuotaRelease | QuotaRefusal;

/** Whether an acquire answered at once (a single server's count) rather than with a promise (a cluster's). */
export function isQuotaAnswer(answer: QuotaAnswer | Promise<QuotaAnswer>): answer is QuotaAnswer {
  return typeof answer === 'function' || typeof answer === 'string';
}

/** Who a slot is counted for: an address (before authentication), a user, or both. */
export interface QuotaHolder {
  address?: string;
  userId?: string;
}

/**
 * Where the slots are counted. ConnectionQuota counts in this process, synchronously (a single
 * server); RedisConnectionQuota (redisConnectionQuota.ts) counts in Redis for every server of a
 * cluster and answers with a promise. A caller that may get a promise must free a slot it no
 * longer wants once the promise resolves (its connection may have closed meanwhile).
 */
export interface ConnectionQuotaStore {
  readonly limits: ConnectionQuotaLimits;
  /** Takes a slot for `by` unless one of its limits is reached; never rejects. */
  acquire(kind: ConnectionKind, by: QuotaHolder): QuotaAnswer | Promise<QuotaAnswer>;
  /** Stops and releases what the store holds outside this process; idempotent. */
  close(): Promise<void>;
}

/** One counted key of a slot: `socket:user:<id>` or `socket:addr:<address>` (and `stream:…`). */
export interface QuotaKey {
  key: string;
  limit: number;
  /** The refusal when this key is full. */
  by: QuotaRefusal;
}

/** The keys a slot of `kind` for `by` counts under, address first, with their limits. */
export function quotaKeys(limits: ConnectionQuotaLimits, kind: ConnectionKind, by: QuotaHolder): QuotaKey[] {
  const keys: QuotaKey[] = [];
  if (by.address !== undefined) keys.push({ key: `${kind}:addr:${by.address}`, limit: limitOf(limits, kind, 'address'), by: 'address' });
  if (by.userId !== undefined) keys.push({ key: `${kind}:user:${by.userId}`, limit: limitOf(limits, kind, 'user'), by: 'user' });
  return keys;
}

function limitOf(limits: ConnectionQuotaLimits, kind: ConnectionKind, by: QuotaRefusal): number {
  if (kind === 'socket') return by === 'user' ? limits.socketsPerUser : limits.socketsPerAddress;
  return by === 'user' ? limits.streamsPerUser : limits.streamsPerAddress;
}

/** Counts open connections by kind, per user and per address, in this process. */
export class ConnectionQuota implements ConnectionQuotaStore {
  private readonly counts = new Map<string, number>();

  constructor(readonly limits: ConnectionQuotaLimits = DEFAULT_CONNECTION_QUOTA) {}

  /**
   * Takes a slot for an address (before authentication) — or for a user, once known. Returns a
   * release function (idempotent), or which limit refused it. Synchronous.
   */
  acquire(kind: ConnectionKind, by: QuotaHolder): QuotaAnswer {
    const keys = quotaKeys(this.limits, kind, by);
    for (const { key, limit, by: refusal } of keys) if ((this.counts.get(key) ?? 0) >= limit) return refusal;
    return this.count(keys);
  }

  /** Takes a slot whatever the counts (one the cluster's shared count admitted); returns its release. */
  take(kind: ConnectionKind, by: QuotaHolder): QuotaRelease {
    return this.count(quotaKeys(this.limits, kind, by));
  }

  /** Open connections of a kind held by a user (for tests and logs). */
  countOf(kind: ConnectionKind, userId: string): number {
    return this.counts.get(`${kind}:user:${userId}`) ?? 0;
  }

  /** Open connections of a kind from a client address (for tests and logs). */
  countOfAddress(kind: ConnectionKind, address: string): number {
    return this.counts.get(`${kind}:addr:${address}`) ?? 0;
  }

  close(): Promise<void> {
    return Promise.resolve();
  }

  private count(keys: readonly QuotaKey[]): QuotaRelease {
    for (const { key } of keys) this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      for (const { key } of keys) {
        const n = (this.counts.get(key) ?? 1) - 1;
        if (n <= 0) this.counts.delete(key);
        else this.counts.set(key, n);
      }
    };
  }
}
