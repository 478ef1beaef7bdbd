import { createHash } from 'node:crypto';
import { canonicalJSON } from '@hegao/schema';
import { describe, expect, it } from 'vitest';
import { isAuthentic, sha256Hex, shortHash, verifyContent } from './verifyVersion';

const content = { type: 'doc', content: [{ type: 'paragraph', attrs: { source: 's1' }, content: [{ type: 'text', text: '全区上下同心抗疫。' }] }] };
const hash = createHash('sha256').update(canonicalJSON(content), 'utf8').digest('hex');

describe('verifyContent', () => {
  it('accepts content whose canonical JSON hashes to the stored SHA-256', async () => {
    expect(await sha256Hex(canonicalJSON(content))).toBe(hash);
    expect(await verifyContent(content, hash)).toBe('ok');
    expect(await verifyContent(content, hash.toUpperCase())).toBe('ok');
  });

  it('does not depend on key order', async () => {
    const reordered = { content: content.content, type: 'doc' };
    expect(await verifyContent(reordered, hash)).toBe('ok');
  });

  it('refuses altered or missing content', async () => {
    const altered = { ...content, content: [{ type: 'paragraph', content: [{ type: 'text', text: '被改动' }] }] };
    expect(await verifyContent(altered, hash)).toBe('mismatch');
    expect(await verifyContent(null, hash)).toBe('mismatch');
  });

  it('uses Web Crypto by default and reports a failing one as unavailable', async () => {
    expect(await sha256Hex('x', undefined as unknown as SubtleCrypto)).toBe(createHash('sha256').update('x').digest('hex'));
    const broken = { digest: () => Promise.reject(new Error('no')) } as unknown as SubtleCrypto;
    expect(await verifyContent(content, hash, broken)).toBe('unavailable');
  });
});

describe('shortHash', () => {
  it('keeps 12 hex digits', () => {
    expect(shortHash(hash)).toBe(hash.slice(0, 12));
  });
});

describe('isAuthentic', () => {
  it('needs the server check and no contradicting local check', () => {
    expect(isAuthentic(true, 'ok')).toBe(true);
    expect(isAuthentic(true, 'unavailable')).toBe(true);
    expect(isAuthentic(true, 'checking')).toBe(true);
    expect(isAuthentic(true, 'mismatch')).toBe(false);
    expect(isAuthentic(false, 'ok')).toBe(false);
  });
});
