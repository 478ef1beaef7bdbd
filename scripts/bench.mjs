// `npm run bench`: build, then run the benchmarks in tests/bench (figures printed and saved under
// tests/bench/results/, which git ignores).
import { ensureInstalled, pnpm, turbo } from './pnpm.mjs';

ensureInstalled();
turbo(['run', 'build', '--output-logs=errors-only']);
pnpm(['--filter', '@hegao/tests', 'run', 'bench']);
