/**
 * Live report metadata for open clients: workflow changes and edits are published per report
 * and streamed as server-sent events, so badges and boards update without polling.
 * With several servers, `forward` hands every event published here to the others too
 * (cluster/eventsSync.ts), and theirs arrive through `deliver`.
 */

import type { ReportEvent } from '@hegao/contract';

/** One change to a report's metadata (the contract's union, keyed by `type`); clients refetch what they show. */
export type { ReportEvent };

type Listener = (event: ReportEvent) => void;

/** Publish/subscribe of report events, by report id. */
export class ReportEvents {
  private readonly listeners = new Map<string, Set<Listener>>();
  /** Set when other servers share the events (see cluster/eventsSync.ts). */
  forward: ((event: ReportEvent) => void) | null = null;

  /** Subscribes to one report; returns the unsubscribe function. */
  subscribe(reportId: string, listener: Listener): () => void {
    let set = this.listeners.get(reportId);
    if (!set) {
      set = new Set();
      this.listeners.set(reportId, set);
    }
    set.add(listener);
    return () => {
      set.delete(listener);
      if (set.size === 0) this.listeners.delete(reportId);
    };
  }

  /** Delivers an event to every subscriber of its report, on this server and the others. */
  publish(event: ReportEvent): void {
    this.deliver(event);
    this.forward?.(event);
  }

  /** Delivers an event to this server's subscribers only (one that another server published). */
  deliver(event: ReportEvent): void {
    for (const listener of this.listeners.get(event.reportId) ?? []) {
      try {
        listener(event);
      } catch {
        // a broken subscriber must not stop the others
      }
    }
  }

  /** Reports with subscribers on this server. */
  reportIds(): string[] {
    return [...this.listeners.keys()];
  }

  /** Number of open subscriptions (for tests and metrics). */
  get size(): number {
    let n = 0;
    for (const set of this.listeners.values()) n += set.size;
    return n;
  }
}
