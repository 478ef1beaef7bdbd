// `npm test`: install what is missing, build, then typecheck and run every suite
// (unit tests beside the code, integration tests in tests/).
import { ensureInstalled, turbo } from './pnpm.mjs';

ensureInstalled();
turbo(['run', 'build', 'typecheck', 'test', '--concurrency=2', '--log-order=grouped', '--continue']);
