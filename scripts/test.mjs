// `npm test`: install what is missing (dependencies, Debian's Chromium for browser tests), build,
// then typecheck and run every suite: unit tests beside the code, integration and browser tests in tests/.
// Without a Chromium every other suite still runs; the browser suites then fail, saying what is missing.
import { ensureChromium, missingChromiumMessage } from './chromium.mjs';
import { ensureInstalled, turbo, typecheckScripts } from './pnpm.mjs';

ensureInstalled();
typecheckScripts();
const browser = ensureChromium();
if (browser) process.env.HEGAO_CHROMIUM = browser;
else process.env.HEGAO_CHROMIUM_MISSING = missingChromiumMessage();
turbo(['run', 'build', 'typecheck', 'test', '--concurrency=2', '--log-order=grouped', '--continue']);
if (!browser) {
  console.error(`\n${missingChromiumMessage()}`);
  process.exit(1);
}
