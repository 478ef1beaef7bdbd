// `npm run fuzz`: the long run of the collaboration fuzz suite (tests/fuzz/README.md). Installs what
// is missing, builds, then runs tests/integration/fuzzAbuse.test.ts against the built server with
// many more cases than `npm test` does, collecting every violation instead of stopping at the first.
//
//   npm run fuzz                          5,000 cases, default seed
//   npm run fuzz -- --cases 20000 --seed 42 --shapes gcHuge,structFuzz --first 1000 --batch 4 --heap 192
//
// The HEGAO_SEED / HEGAO_FUZZ_* environment variables work too; options win over them.
import { ensureInstalled, pnpm, turbo } from './pnpm.mjs';

const OPTIONS = /** @type {const} */ ({
  cases: 'HEGAO_FUZZ_CASES',
  seed: 'HEGAO_SEED',
  shapes: 'HEGAO_FUZZ_SHAPES',
  first: 'HEGAO_FUZZ_FIRST',
  batch: 'HEGAO_FUZZ_BATCH',
  heap: 'HEGAO_FUZZ_HEAP_MB',
});

/** @type {Record<string, string>} */
const env = {
  HEGAO_FUZZ_CASES: process.env.HEGAO_FUZZ_CASES ?? '5000',
  HEGAO_FUZZ_KEEP_GOING: process.env.HEGAO_FUZZ_KEEP_GOING ?? '1',
  // Node grows its heap lazily: capped, memory the server keeps for good shows (see fuzzAbuse.test.ts).
  HEGAO_FUZZ_HEAP_MB: process.env.HEGAO_FUZZ_HEAP_MB ?? '192',
};
const args = process.argv.slice(2);
for (let i = 0; i < args.length; i++) {
  const arg = args[i] ?? '';
  if (arg === '--help' || arg === '-h') {
    console.log('npm run fuzz -- [--cases N] [--seed S] [--shapes a,b,…] [--first N] [--batch N] [--heap MiB]   (see tests/fuzz/README.md)');
    process.exit(0);
  }
  const name = arg.replace(/^--/, '');
  const value = args[i + 1];
  if (!arg.startsWith('--') || !Object.hasOwn(OPTIONS, name) || value === undefined) {
    console.error(`未知参数或缺少取值：${arg}（用法：npm run fuzz -- --cases 20000 --seed 42）`);
    process.exit(2);
  }
  env[OPTIONS[/** @type {keyof typeof OPTIONS} */ (name)]] = value;
  i++;
}

ensureInstalled();
turbo(['run', 'build', '--output-logs=errors-only']);
console.log(`模糊测试：${env.HEGAO_FUZZ_CASES} 个用例${env.HEGAO_SEED ? `，种子 ${env.HEGAO_SEED}` : ''}${env.HEGAO_FUZZ_SHAPES ? `，形态 ${env.HEGAO_FUZZ_SHAPES}` : ''}`);
// The long run on SQLite only: the socket is what it fuzzes (`npm test` runs the suite on PostgreSQL too).
pnpm(['--filter', '@hegao/tests', 'exec', 'vitest', 'run', '--project', 'sqlite', 'integration/fuzzAbuse.test.ts'], { env });
