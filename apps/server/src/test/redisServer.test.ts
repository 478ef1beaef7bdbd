import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { pingRedis, startRedisServer } from './redisServer.js';

describe('private redis-server', () => {
  it('runs on its own port, survives kill and shutdown by restarting on the same port, and cleans up', async () => {
    const server = await startRedisServer();
    try {
      expect(server.port).not.toBe(6379);
      expect(server.url).toBe(`redis://127.0.0.1:${server.port}`);
      expect(await pingRedis(server.port)).toBe(true);
      await server.kill();
      expect(server.running).toBe(false);
      expect(await pingRedis(server.port)).toBe(false);
      await server.start();
      expect(await pingRedis(server.port)).toBe(true);
      server.pause();
      expect(await pingRedis(server.port)).toBe(false);
      server.resume();
      expect(await pingRedis(server.port)).toBe(true);
      await server.shutdown();
      expect(await pingRedis(server.port)).toBe(false);
      await server.start();
      expect(await pingRedis(server.port)).toBe(true);
    } finally {
      await server.stop();
    }
    expect(existsSync(server.dir)).toBe(false);
    expect(await pingRedis(server.port)).toBe(false);
    await server.stop();
    await expect(server.start()).rejects.toThrow(/stopped/);
  });
});
