import { describe, expect, it } from 'vitest';
import type { BusMessage, MessageMeta } from './bus.js';
import { BusClosedError } from './bus.js';
import { LocalBus, LocalHub } from './localBus.js';

const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

function collect(): { got: Array<{ message: BusMessage; meta: MessageMeta }>; handler: (message: BusMessage, meta: MessageMeta) => void } {
  const got: Array<{ message: BusMessage; meta: MessageMeta }> = [];
  return { got, handler: (message, meta) => got.push({ message, meta }) };
}

describe('LocalBus', () => {
  it('delivers JSON and binary between two servers on one hub, in order, not back to the sender', async () => {
    const hub = new LocalHub();
    const a = new LocalBus({ serverId: 'a', hub });
    const b = new LocalBus({ serverId: 'b', hub });
    const atA = collect();
    const atB = collect();
    await a.subscribe('doc:1', atA.handler).ready;
    await b.subscribe('doc:1', atB.handler).ready;
    for (let i = 0; i < 20; i++) await a.publish('doc:1', i % 2 ? new Uint8Array([i, 255]) : { i });
    await b.publish('doc:1', { from: 'b' });
    await tick();
    expect(atB.got.map((g) => g.meta.seq)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    expect(atB.got.every((g) => g.meta.serverId === 'a' && g.meta.epoch === a.epoch && g.meta.channel === 'doc:1')).toBe(true);
    expect(atB.got[0]?.message).toEqual({ i: 0 });
    expect(Array.from(atB.got[1]?.message as Uint8Array)).toEqual([1, 255]);
    expect(atA.got.map((g) => g.message)).toEqual([{ from: 'b' }]);
    await Promise.all([a.close(), b.close()]);
  });

  it('delivers its own messages only when asked, and never synchronously', async () => {
    const bus = new LocalBus();
    const plain = collect();
    const own = collect();
    bus.subscribe('c', plain.handler);
    bus.subscribe('c', own.handler, { includeOwn: true });
    const published = bus.publish('c', { x: 1 });
    expect(own.got).toHaveLength(0);
    await published;
    await tick();
    expect(plain.got).toHaveLength(0);
    expect(own.got.map((g) => g.message)).toEqual([{ x: 1 }]);
    expect(own.got[0]?.meta.serverId).toBe('local');
    await bus.close();
  });

  it('copies JSON through the frame: a receiver never shares the sender’s object', async () => {
    const hub = new LocalHub();
    const a = new LocalBus({ serverId: 'a', hub });
    const b = new LocalBus({ serverId: 'b', hub });
    const atB = collect();
    b.subscribe('c', atB.handler);
    const sent = { list: [1, 2], when: new Date(0) };
    await a.publish('c', sent as unknown as BusMessage);
    sent.list.push(3);
    await tick();
    expect(atB.got[0]?.message).toEqual({ list: [1, 2], when: '1970-01-01T00:00:00.000Z' });
    await expect(a.publish('c', undefined as never)).rejects.toThrow(TypeError);
    // The failed publish used no number: no gap for the receiver.
    await a.publish('c', 'next');
    await tick();
    expect(atB.got.map((g) => g.meta.seq)).toEqual([1, 2]);
    await Promise.all([a.close(), b.close()]);
  });

  it('unsubscribes; handlers of other channels and other handlers carry on', async () => {
    const hub = new LocalHub();
    const a = new LocalBus({ serverId: 'a', hub });
    const b = new LocalBus({ serverId: 'b', hub });
    const one = collect();
    const two = collect();
    const other = collect();
    const unsubscribe = b.subscribe('c', one.handler);
    b.subscribe('c', two.handler);
    b.subscribe('d', other.handler);
    await a.publish('c', 1);
    await tick();
    unsubscribe();
    unsubscribe();
    await a.publish('c', 2);
    await a.publish('d', 3);
    await tick();
    expect(one.got.map((g) => g.message)).toEqual([1]);
    expect(two.got.map((g) => g.message)).toEqual([1, 2]);
    expect(other.got.map((g) => g.message)).toEqual([3]);
    await Promise.all([a.close(), b.close()]);
  });

  it('survives a throwing handler and logs it', async () => {
    const hub = new LocalHub();
    const a = new LocalBus({ serverId: 'a', hub });
    const errors: string[] = [];
    const b = new LocalBus({ serverId: 'b', hub, logger: { warn: () => {}, error: (msg) => errors.push(msg) } });
    const after = collect();
    b.subscribe('c', () => {
      throw new Error('boom');
    });
    b.subscribe('c', after.handler);
    await a.publish('c', 1);
    await tick();
    expect(after.got).toHaveLength(1);
    expect(errors).toEqual(['bus handler threw']);
    await Promise.all([a.close(), b.close()]);
  });

  it('keeps hubs apart, and a closed bus neither publishes nor receives', async () => {
    const a = new LocalBus({ serverId: 'a' });
    const b = new LocalBus({ serverId: 'b' });
    const atB = collect();
    b.subscribe('c', atB.handler);
    await a.publish('c', 1);
    await tick();
    expect(atB.got).toHaveLength(0);
    await a.close();
    await a.close();
    await expect(a.publish('c', 1)).rejects.toBeInstanceOf(BusClosedError);
    await expect(a.subscribe('c', () => {}).ready).rejects.toBeInstanceOf(BusClosedError);
    await b.close();
  });
});
