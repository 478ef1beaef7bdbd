// The linter, run by `npm test` (and `npm run lint`): ESLint with typescript-eslint's recommended
// rules (eslint.config.mjs) over every package's and app's src/ and the cross-package tests/, on
// top of the compiler's strict checks. Exits 1 when any file breaks a rule, naming file, line and rule.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..');

/** What is linted, as ESLint globs relative to the repository. */
export const LINT_TARGETS = ['apps/*/src/**/*.{ts,tsx}', 'packages/*/src/**/*.ts', 'tests/**/*.ts'];

/** ESLint's command-line entry, resolved from the repository's dependencies. */
function eslintBin() {
  const require = createRequire(join(repoRoot, 'package.json'));
  return join(dirname(require.resolve('eslint/package.json')), 'bin', 'eslint.js');
}

/**
 * Runs ESLint over `targets` (the repository's by default) with the repository's configuration.
 * @param {string[]} targets globs or files
 * @param {string[]} extra more ESLint arguments
 * @param {{ stdio?: 'inherit' | 'pipe' }} [options]
 * @returns {{ ok: boolean, output: string }}
 */
export function lint(targets = LINT_TARGETS, extra = [], options = {}) {
  const run = spawnSync(process.execPath, [eslintBin(), '--max-warnings', '0', ...extra, ...targets], {
    cwd: repoRoot,
    encoding: 'utf8',
    stdio: options.stdio ?? 'inherit',
  });
  return { ok: run.status === 0, output: `${run.stdout ?? ''}${run.stderr ?? ''}` };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  process.exitCode = lint().ok ? 0 : 1;
}
