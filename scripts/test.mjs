// `npm test`: install what is missing (dependencies, Debian's Chromium for browser tests), build,
// then typecheck and run every suite: unit tests beside the code, integration and browser tests in tests/.
// Without a Chromium every other suite still runs; the browser suites then fail, saying what is missing.
import { ensureChromium, missingChromiumMessage } from './chromium.mjs';
import { ensureLibreOffice, missingLibreOfficeMessage } from './libreoffice.mjs';
import { ensureInstalled, turbo, typecheckScripts } from './pnpm.mjs';

ensureInstalled();
typecheckScripts();
const browser = ensureChromium();
if (browser) process.env.HEGAO_CHROMIUM = browser;
else process.env.HEGAO_CHROMIUM_MISSING = missingChromiumMessage();
// LibreOffice for the PDF export suites: without it they fail, saying what is missing.
const soffice = ensureLibreOffice();
if (soffice) process.env.HEGAO_SOFFICE = soffice;
else process.env.HEGAO_SOFFICE_MISSING = missingLibreOfficeMessage();
turbo(['run', 'build', 'typecheck', 'test', '--concurrency=2', '--log-order=grouped', '--continue']);
if (!browser) {
  console.error(`\n${missingChromiumMessage()}`);
  process.exit(1);
}
if (!soffice) {
  console.error(`\n${missingLibreOfficeMessage()}`);
  process.exit(1);
}
