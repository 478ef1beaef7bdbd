/**
 * Which address a connection comes from when reverse proxies stand in front of the server: the
 * socket's peer is the client unless it is one of the configured trusted proxies
 * (`HEGAO_TRUSTED_PROXIES`); then the client is the rightmost address of `X-Forwarded-For` that is
 * not itself a trusted proxy — everything left of it was written by the client and may be forged.
 * Pure functions of addresses and headers, used by the configuration (parsing the list), the HTTP
 * routes (clientAddress.ts) and the WebSocket upgrade.
 */
import { isIP } from 'node:net';

/**
 * An address as compared: IPv6 in its canonical form (`0:0:0:0:0:0:0:1` → `::1`), IPv4-mapped IPv6
 * (`::ffff:10.0.0.1`, `::ffff:a00:1`) as plain IPv4, and a port written after it
 * (`10.0.0.1:5678`, `[::1]:5678`, as some proxies put in X-Forwarded-For) dropped.
 */
export function normalizeAddress(address: string): string {
  let a = address.trim().toLowerCase();
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(a);
  if (bracketed) a = bracketed[1]!;
  const v4WithPort = /^(\d+\.\d+\.\d+\.\d+):\d+$/.exec(a);
  if (v4WithPort) a = v4WithPort[1]!;
  if (isIP(a) === 6) {
    try {
      // The URL parser writes IPv6 canonically, and IPv4-mapped ones as ::ffff:hhhh:hhhh.
      a = new URL(`http://[${a}]/`).hostname.slice(1, -1);
    } catch {
      return a;
    }
    const mapped = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(a);
    if (mapped) {
      const hi = parseInt(mapped[1]!, 16);
      const lo = parseInt(mapped[2]!, 16);
      return `${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`;
    }
  }
  return a;
}

/** Parses `HEGAO_TRUSTED_PROXIES` (comma-separated IP addresses); throws on anything else. */
export function parseTrustedProxies(value: string | undefined): string[] {
  const list = (value ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  for (const entry of list) {
    if (isIP(entry) === 0) throw new Error(`HEGAO_TRUSTED_PROXIES: "${entry}" is not an IP address (list addresses, not ranges)`);
  }
  return list.map(normalizeAddress);
}

/**
 * The client's address: `peer` itself unless it is trusted; else the rightmost `X-Forwarded-For`
 * entry that is not trusted (the leftmost when all are; `peer` when the header is missing).
 */
export function resolveClientAddress(peer: string, forwardedFor: string | undefined, trusted: ReadonlySet<string>): string {
  const from = normalizeAddress(peer);
  if (!trusted.has(from) || !forwardedFor) return from;
  const hops = forwardedFor.split(',').map(normalizeAddress).filter(Boolean);
  for (let i = hops.length - 1; i >= 0; i--) {
    // Written by a trusted proxy, so genuine; a malformed entry is still a distinct key (bounded in length).
    if (!trusted.has(hops[i]!)) return hops[i]!.slice(0, 64);
  }
  return hops[0] ?? from;
}
