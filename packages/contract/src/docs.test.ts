/**
 * docs/api.md names the contract's schemas instead of re-listing shapes: every schema it names must
 * exist, so a renamed or removed schema fails here until the document follows.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import * as contract from './index.js';

const API_MD = readFileSync(fileURLToPath(new URL('../../../docs/api.md', import.meta.url)), 'utf8');

/** Capitalised names in docs/api.md that are not schemas: environment variables, methods, a seed constant. */
const NOT_SCHEMAS = /^(HEGAO_[A-Z0-9_]+|HOST|PORT|PATH|PATCH|BUREAU_RULES)$/;

describe('docs/api.md', () => {
  it('names only schemas the contract exports', () => {
    const named = [...new Set([...API_MD.matchAll(/`([A-Z][A-Z0-9_]{3,})`/g)].map((m) => m[1]!))].filter((n) => !NOT_SCHEMAS.test(n));
    // It names the schemas of the answers (dozens of them), not a handful.
    expect(named.length).toBeGreaterThan(40);
    expect(named.filter((n) => !(n in contract))).toEqual([]);
  });
});
