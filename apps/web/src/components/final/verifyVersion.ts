// Checking a locked version independently in the browser: SHA-256 of the canonical JSON of its
// content must equal the stored hash (docs/api.md, "Reading a version").
import { canonicalJSON } from '@hegao/schema';

/** Outcome of the browser's own check. */
export type LocalCheck = 'ok' | 'mismatch' | 'unavailable';

/** Hex SHA-256 of UTF-8 text, or null when Web Crypto is not available (plain http on another host). */
export async function sha256Hex(text: string, subtle: SubtleCrypto | undefined = globalThis.crypto?.subtle): Promise<string | null> {
  if (!subtle) return null;
  const digest = await subtle.digest('SHA-256', new TextEncoder().encode(text));
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * Recomputes the hash of a version's content and compares it with the one given.
 *
 * @example
 * await verifyContent(version.content, version.sha256) // 'ok'
 */
export async function verifyContent(content: unknown, sha256: string, subtle?: SubtleCrypto): Promise<LocalCheck> {
  if (content === null || content === undefined) return 'mismatch';
  let text: string;
  try {
    text = canonicalJSON(content);
  } catch {
    return 'mismatch';
  }
  try {
    const hash = await sha256Hex(text, subtle ?? globalThis.crypto?.subtle);
    if (hash === null) return 'unavailable';
    return hash === sha256.toLowerCase() ? 'ok' : 'mismatch';
  } catch {
    return 'unavailable';
  }
}

/** A hash shortened for lists: the first 12 hex digits. */
export function shortHash(sha256: string): string {
  return sha256.slice(0, 12);
}

/** Whether a version counts as authentic: the server's check, and the browser's unless it could not run. */
export function isAuthentic(serverVerified: boolean, local: LocalCheck | 'checking'): boolean {
  return serverVerified && local !== 'mismatch';
}
