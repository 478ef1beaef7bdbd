import { describe, expect, it } from 'vitest';
import { normalizeAddress, parseTrustedProxies, resolveClientAddress } from './trustedProxies.js';

const PROXY = new Set(['10.0.0.1']);

describe('resolveClientAddress', () => {
  it('ignores X-Forwarded-For when no proxy is trusted', () => {
    expect(resolveClientAddress('203.0.113.9', '198.51.100.1', new Set())).toBe('203.0.113.9');
  });

  it('ignores X-Forwarded-For from a peer that is not a trusted proxy', () => {
    expect(resolveClientAddress('203.0.113.9', '198.51.100.1', PROXY)).toBe('203.0.113.9');
  });

  it('takes the address the trusted proxy appended, not what the client wrote before it', () => {
    expect(resolveClientAddress('10.0.0.1', '198.51.100.1', PROXY)).toBe('198.51.100.1');
    // The client forged "1.2.3.4"; the proxy appended the real peer.
    expect(resolveClientAddress('10.0.0.1', '1.2.3.4, 198.51.100.1', PROXY)).toBe('198.51.100.1');
  });

  it('walks past a chain of trusted proxies to the rightmost untrusted address', () => {
    const chain = new Set(['10.0.0.1', '10.0.0.2']);
    expect(resolveClientAddress('10.0.0.1', '1.2.3.4, 198.51.100.1, 10.0.0.2', chain)).toBe('198.51.100.1');
    expect(resolveClientAddress('10.0.0.1', '10.0.0.2', chain)).toBe('10.0.0.2');
  });

  it('uses the peer when a trusted proxy sent no header, and normalises IPv4-mapped addresses', () => {
    expect(resolveClientAddress('::ffff:10.0.0.1', undefined, PROXY)).toBe('10.0.0.1');
    expect(resolveClientAddress('::ffff:10.0.0.1', ' 198.51.100.1 ', PROXY)).toBe('198.51.100.1');
    expect(normalizeAddress('2001:DB8::1')).toBe('2001:db8::1');
  });

  it('compares IPv6 in canonical form and IPv4-mapped addresses written in hex as IPv4', () => {
    expect(normalizeAddress('0:0:0:0:0:0:0:1')).toBe('::1');
    expect(normalizeAddress('2001:0db8:0000:0000:0000:0000:0000:0001')).toBe('2001:db8::1');
    expect(normalizeAddress('::ffff:7f00:1')).toBe('127.0.0.1');
    expect(normalizeAddress('::FFFF:127.0.0.1')).toBe('127.0.0.1');
    // A trusted proxy listed in another spelling still matches the peer Node reports.
    const trusted = new Set(parseTrustedProxies('::ffff:7f00:1, 0:0:0:0:0:0:0:1'));
    expect(resolveClientAddress('127.0.0.1', '198.51.100.7', trusted)).toBe('198.51.100.7');
    expect(resolveClientAddress('::1', '198.51.100.8', trusted)).toBe('198.51.100.8');
  });

  it('drops a port some proxies write after the address, so each connection is not a new key', () => {
    expect(normalizeAddress('198.51.100.1:5678')).toBe('198.51.100.1');
    expect(normalizeAddress('[2001:db8::1]:443')).toBe('2001:db8::1');
    expect(resolveClientAddress('10.0.0.1', '198.51.100.1:40001', new Set(['10.0.0.1']))).toBe('198.51.100.1');
  });
});

describe('parseTrustedProxies', () => {
  it('reads a comma-separated list of addresses, none by default', () => {
    expect(parseTrustedProxies(undefined)).toEqual([]);
    expect(parseTrustedProxies(' 127.0.0.1, ::1 ,')).toEqual(['127.0.0.1', '::1']);
  });

  it('refuses what is not an address (a range would silently match nothing)', () => {
    expect(() => parseTrustedProxies('10.0.0.0/8')).toThrow(/HEGAO_TRUSTED_PROXIES/);
    expect(() => parseTrustedProxies('proxy.local')).toThrow(/not an IP address/);
  });
});
