// `npm test`: install what is missing (dependencies, Debian's Chromium for browser tests), build,
// then typecheck and run every suite: unit tests beside the code, integration and browser tests in tests/.
import { ensureChromium } from './chromium.mjs';
import { ensureInstalled, turbo, typecheckScripts } from './pnpm.mjs';

ensureInstalled();
typecheckScripts();
process.env.HEGAO_CHROMIUM = ensureChromium();
turbo(['run', 'build', 'typecheck', 'test', '--concurrency=2', '--log-order=grouped', '--continue']);
