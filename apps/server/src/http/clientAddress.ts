/**
 * The remote address of a request, for rate limiting and logs: the socket's peer, or the client
 * behind a trusted reverse proxy (see trustedProxies.ts).
 */
import type { Context } from 'hono';
import { getConnInfo } from '@hono/node-server/conninfo';
import type { HonoEnv } from './env.js';
import { resolveClientAddress } from './trustedProxies.js';

/** The client address of a request (see the module comment). */
export function clientAddress(c: Context<HonoEnv>): string {
  let peer = 'unknown';
  try {
    peer = getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    // Not served by @hono/node-server (tests calling app.fetch directly).
  }
  return resolveClientAddress(peer, c.req.header('x-forwarded-for'), new Set(c.get('ctx').config.trustedProxies));
}
