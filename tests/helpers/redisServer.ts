/**
 * Private Redis servers for the integration suites (issue 15): the fixture of @hegao/server
 * (apps/server/src/test/redisServer.ts). `startRedisServer()` runs `redis-server` on a free port of
 * 127.0.0.1 in a temp folder without persistence (never the machine's shared instance on 6379);
 * `url` is the HEGAO_REDIS_URL; `kill()`, `shutdown()`, `pause()`/`resume()` and `start()` (same
 * port) make outages; `stop()` removes it all.
 */
export { pingRedis, redisServerBinary, startRedisServer, type RedisServer } from '../../apps/server/src/test/redisServer.js';
