/**
 * Liveness over the in-process bus: several LocalBuses on one LocalHub stand for several servers,
 * with heartbeats every 40 ms (3 missed beats: a peer is silent after 120 ms). What sequence
 * numbers cannot see — a lost final publish, a server that died after storing — shows as a gap;
 * healthy peers cause none.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { GapInfo } from './bus.js';
import { decode } from './envelope.js';
import { HEARTBEAT_CHANNEL } from './liveness.js';
import { LocalBus, LocalHub } from './localBus.js';

const INTERVAL = 40;
const MISSED = 3;

interface Server {
  bus: LocalBus;
  gaps: Array<{ channel: string; info: GapInfo }>;
}

const open: LocalBus[] = [];

function server(hub: LocalHub, serverId: string, ignore?: (channel: string) => boolean): Server {
  const gaps: Server['gaps'] = [];
  const bus = new LocalBus({
    serverId,
    hub,
    onGap: (channel, info) => gaps.push({ channel, info }),
    liveness: { intervalMs: INTERVAL, missedBeats: MISSED, ...(ignore ? { ignore } : {}) },
  });
  open.push(bus);
  return { bus, gaps };
}

afterEach(async () => {
  await Promise.all(open.splice(0).map((bus) => bus.close()));
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until(check: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!check()) {
    if (performance.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(5);
  }
}

/** Waits until `b` has received `n` heartbeats from the others. */
async function beats(b: Server, n: number): Promise<void> {
  const from = b.bus.liveness!.stats.beatsReceived;
  await until(() => b.bus.liveness!.stats.beatsReceived >= from + n, `${n} heartbeats`);
}

describe('liveness', () => {
  it('a heartbeat naming a seq this server did not receive (a lost final publish) is a gap on that channel, once', async () => {
    const hub = new LocalHub();
    const a = server(hub, 'a');
    const b = server(hub, 'b');
    const got: number[] = [];
    b.bus.subscribe('doc:1', (_m, meta) => got.push(meta.seq));
    b.bus.subscribe('doc:2', () => {});
    await a.bus.publish('doc:1', new Uint8Array([1]));
    await a.bus.publish('doc:2', new Uint8Array([1]));
    await until(() => got.length === 1, 'first message');
    // The next frame on doc:1 is lost on the way, and a publishes nothing more there.
    hub.lose = (channel) => channel === 'doc:1';
    await a.bus.publish('doc:1', new Uint8Array([2]));
    hub.lose = null;
    await until(() => b.gaps.length > 0, 'a gap from the heartbeat', 5 * INTERVAL * MISSED);
    expect(b.gaps).toEqual([{ channel: 'doc:1', info: { reason: 'heartbeat', serverId: 'a', epoch: a.bus.epoch, heard: 1, published: 2 } }]);
    // The heartbeats that name doc:1 → 2 for a while report nothing more, nor does the next message.
    await beats(b, MISSED + 1);
    await a.bus.publish('doc:1', new Uint8Array([3]));
    await until(() => got.length === 2, 'third message');
    expect(got).toEqual([1, 3]);
    expect(b.gaps).toHaveLength(1);
    expect(a.gaps).toEqual([]);
  });

  it('a seq published before this server subscribed is no gap; one published after, never received, is', async () => {
    const hub = new LocalHub();
    const a = server(hub, 'a');
    const b = server(hub, 'b');
    await beats(b, 1);
    // Before b follows doc:1: its initial read of the database would hold what this stood for.
    await a.bus.publish('doc:1', new Uint8Array([1]));
    await sleep(5);
    b.bus.subscribe('doc:1', () => {});
    await beats(b, MISSED + 1);
    expect(b.gaps).toEqual([]);
    // After: b has heard nothing from a on doc:2 since it subscribed, and the frame is lost.
    b.bus.subscribe('doc:2', () => {});
    await sleep(5);
    hub.lose = (channel) => channel === 'doc:2';
    await a.bus.publish('doc:2', new Uint8Array([1]));
    hub.lose = null;
    await until(() => b.gaps.length > 0, 'a gap from the heartbeat', 5 * INTERVAL * MISSED);
    expect(b.gaps).toEqual([{ channel: 'doc:2', info: { reason: 'heartbeat', serverId: 'a', epoch: a.bus.epoch, heard: 0, published: 1 } }]);
  });

  it('a peer that falls silent (killed) is one gap on every channel followed, not on ignored ones, and only once', async () => {
    const hub = new LocalHub();
    const a = server(hub, 'a');
    const b = server(hub, 'b', (channel) => channel.startsWith('awareness:'));
    const c = server(hub, 'c');
    for (const channel of ['doc:1', 'doc:2', 'access', 'awareness:1']) b.bus.subscribe(channel, () => {});
    await a.bus.publish('doc:1', new Uint8Array([1]));
    await beats(b, 4);
    expect(b.gaps).toEqual([]);
    const killedAt = performance.now();
    a.bus.kill();
    await until(() => b.gaps.length > 0, 'silence noticed', 10 * INTERVAL * MISSED);
    const noticedMs = performance.now() - killedAt;
    // Within the bound: missedBeats intervals after its last heartbeat, plus a sweep.
    expect(noticedMs).toBeGreaterThanOrEqual(INTERVAL * (MISSED - 1));
    const silent = { reason: 'peer-silent', serverId: 'a', epoch: a.bus.epoch };
    expect(b.gaps.map((g) => g.channel).sort()).toEqual(['access', 'doc:1', 'doc:2']);
    expect(b.gaps.map((g) => ({ ...g.info, silentMs: 0 }))).toEqual(Array(3).fill({ ...silent, silentMs: 0 }));
    // c, still beating, is no reason; nor is a's continued silence.
    await beats(b, 2 * MISSED);
    expect(b.gaps).toHaveLength(3);
    expect(b.bus.liveness!.peerStatus().sort((x, y) => x.serverId.localeCompare(y.serverId))).toEqual([
      { serverId: 'a', epoch: a.bus.epoch, silent: true },
      { serverId: 'c', epoch: c.bus.epoch, silent: false },
    ]);
  });

  it('healthy peers publishing steadily cause no gap, whatever the number of channels', async () => {
    const hub = new LocalHub();
    const servers = ['a', 'b', 'c'].map((id) => server(hub, id));
    for (const s of servers) for (let d = 0; d < 20; d++) s.bus.subscribe(`doc:${d}`, () => {});
    let frames = 0;
    let heartbeats = 0;
    hub.lose = (channel) => {
      frames++;
      if (channel === HEARTBEAT_CHANNEL) heartbeats++;
      return false;
    };
    const started = performance.now();
    const writing = setInterval(() => {
      for (const s of servers) for (let d = 0; d < 20; d += 3) void s.bus.publish(`doc:${d}`, new Uint8Array([d]));
    }, 7);
    await beats(servers[0]!, 2 * 10);
    clearInterval(writing);
    await beats(servers[0]!, 2 * MISSED);
    for (const s of servers) expect(s.gaps).toEqual([]);
    // One heartbeat per server per interval, not one per document.
    const intervals = (performance.now() - started) / INTERVAL;
    expect(heartbeats).toBeLessThanOrEqual(3 * (intervals + 2));
    expect(frames).toBeGreaterThan(heartbeats);
  });

  it('a heartbeat names each recently published channel with its last seq, for missedBeats beats, then no more', async () => {
    const hub = new LocalHub();
    const a = server(hub, 'a', (channel) => channel.startsWith('awareness:'));
    const seen: Array<Record<string, unknown>> = [];
    hub.lose = (channel, frame) => {
      if (channel !== HEARTBEAT_CHANNEL) return false;
      const envelope = decode(frame);
      if (envelope?.kind === 'message') seen.push((envelope.message as { seqs: Record<string, unknown> }).seqs);
      return false;
    };
    await a.bus.publish('doc:1', new Uint8Array([1]));
    await a.bus.publish('doc:1', new Uint8Array([2]));
    await a.bus.publish('awareness:1', new Uint8Array([1]));
    const from = seen.length;
    await until(() => seen.length >= from + MISSED + 2, 'heartbeats');
    const named = seen.slice(from).map((seqs) => Object.keys(seqs));
    expect(named.slice(0, MISSED)).toEqual(Array(MISSED).fill(['doc:1']));
    expect(named.slice(MISSED)).toEqual([[], []]);
    const first = seen[from]!['doc:1'] as [number, number];
    expect(first[0]).toBe(2);
  });

  it('a peer restarting under its id (new epoch) is one gap on every channel; its later messages report no restart again', async () => {
    const hub = new LocalHub();
    const a = server(hub, 'a');
    const b = server(hub, 'b');
    b.bus.subscribe('doc:1', () => {});
    b.bus.subscribe('doc:2', () => {});
    await a.bus.publish('doc:1', new Uint8Array([1]));
    await beats(b, 2);
    const oldEpoch = a.bus.epoch;
    a.bus.kill();
    const again = server(hub, 'a');
    await until(() => b.gaps.length >= 2, 'restart reported');
    expect(b.gaps.map((g) => g.channel).sort()).toEqual(['doc:1', 'doc:2']);
    expect(b.gaps[0]!.info).toEqual({ reason: 'publisher-restart', serverId: 'a', epoch: again.bus.epoch, previousEpoch: oldEpoch });
    // Its messages on doc:1 (where b knew the old epoch) are no second restart, and its old epoch's silence is no gap.
    await again.bus.publish('doc:1', new Uint8Array([1]));
    await again.bus.publish('doc:2', new Uint8Array([1]));
    await beats(b, 2 * MISSED + 2);
    expect(b.gaps).toHaveLength(2);
  });

  it('a peer that closes says goodbye: no silence gap, no restart gap when it comes back; a final publish lost before the goodbye still is one', async () => {
    const hub = new LocalHub();
    const a = server(hub, 'a');
    const b = server(hub, 'b');
    b.bus.subscribe('doc:1', () => {});
    b.bus.subscribe('doc:2', () => {});
    await a.bus.publish('doc:1', new Uint8Array([1]));
    await a.bus.publish('doc:2', new Uint8Array([1]));
    await beats(b, 2);
    hub.lose = (channel) => channel === 'doc:2';
    await a.bus.publish('doc:2', new Uint8Array([2]));
    hub.lose = null;
    await a.bus.close();
    await until(() => b.gaps.length > 0, 'goodbye compared');
    expect(b.gaps).toEqual([{ channel: 'doc:2', info: { reason: 'heartbeat', serverId: 'a', epoch: a.bus.epoch, heard: 1, published: 2 } }]);
    await sleep(3 * INTERVAL * MISSED);
    expect(b.bus.liveness!.peerStatus()).toEqual([]);
    const again = server(hub, 'a');
    await again.bus.publish('doc:1', new Uint8Array([1]));
    await beats(b, 3);
    expect(b.gaps).toHaveLength(1);
  });

  it('a stalled event loop does not make healthy peers look silent', async () => {
    const hub = new LocalHub();
    const a = server(hub, 'a');
    const b = server(hub, 'b');
    b.bus.subscribe('doc:1', () => {});
    await beats(b, 2);
    // Busy for 6 intervals: b's sweep and a's heartbeats are all late together.
    const until6 = performance.now() + 6 * INTERVAL;
    while (performance.now() < until6) {
      // spin
    }
    await beats(b, 3);
    expect(b.gaps).toEqual([]);
    expect(a.gaps).toEqual([]);
  });
});
