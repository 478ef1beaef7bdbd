/**
 * One private redis-server (redisServer.ts) for a test file of stores that share counts through
 * Redis, with an admin connection to look inside: started before the file's tests; after each test
 * the stores it opened are closed, a Redis the test killed or paused is brought back, and
 * everything is flushed; stopped after the file.
 */
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { startRedisServer, type RedisServer } from './redisServer.js';

export interface PrivateRedis<T> {
  /** The server (kill, pause, start it in a test). */
  readonly server: RedisServer;
  /** A connection for looking at keys. */
  readonly admin: Redis;
  /** Closes `store` after the test; returns it. */
  track(store: T): T;
}

export function usePrivateRedis<T extends { close(): Promise<unknown> }>(): PrivateRedis<T> {
  let server: RedisServer | undefined;
  let admin: Redis | undefined;
  const stores: T[] = [];
  beforeAll(async () => {
    server = await startRedisServer();
    admin = new Redis(server.url, { maxRetriesPerRequest: 1, retryStrategy: () => 50 });
    admin.on('error', () => {});
  });
  afterEach(async () => {
    await Promise.all(stores.splice(0).map((store) => store.close()));
    if (!server!.running) await server!.start();
    server!.resume();
    await admin!.flushall();
  });
  afterAll(async () => {
    admin?.disconnect();
    await server?.stop();
  });
  return {
    get server() {
      return server!;
    },
    get admin() {
      return admin!;
    },
    track(store) {
      stores.push(store);
      return store;
    },
  };
}
