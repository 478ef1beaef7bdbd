/** Short random identifiers for rows (URL-safe, 72 bits). */
import { randomBytes } from 'node:crypto';

/** A new random id such as `Xq3v9LmA0bcD`. */
export function newId(): string {
  return randomBytes(9).toString('base64url');
}
