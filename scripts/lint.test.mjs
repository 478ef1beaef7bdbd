// node --test: the linter `npm test` runs catches what its rules forbid and passes clean code.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lint } from './lint.mjs';

// The fixtures are outside what the repository lints (eslint.config.mjs ignores scripts/fixtures).
/** @param {string} name */
const fixture = (name) => `scripts/fixtures/lint/${name}`;

test('a file that breaks the rules fails, naming each rule', () => {
  const { ok, output } = lint([fixture('broken.ts')], ['--no-ignore'], { stdio: 'pipe' });
  assert.equal(ok, false, output);
  for (const rule of ['@typescript-eslint/no-unused-vars', '@typescript-eslint/no-explicit-any', 'prefer-const']) {
    assert.match(output, new RegExp(rule.replace('/', '\\/')), output);
  }
});

test('the same code keeping the rules passes, an underscore marking a parameter kept on purpose', () => {
  const { ok, output } = lint([fixture('clean.ts')], ['--no-ignore'], { stdio: 'pipe' });
  assert.equal(ok, true, output);
});
