// `npm test`: install what is missing (dependencies, Debian's Chromium for browser tests), build,
// then typecheck, check for import cycles, lint and run every suite: unit tests beside the code, integration and
// browser tests in tests/.
// Without a Chromium every other suite still runs; the browser suites then fail, saying what is missing.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { ensureChromium, missingChromiumMessage } from './chromium.mjs';
import { ensureLibreOffice, missingLibreOfficeMessage } from './libreoffice.mjs';
import { lint } from './lint.mjs';
import { ensureInstalled, root, turbo, typecheckScripts } from './pnpm.mjs';

ensureInstalled();
typecheckScripts();
// The scripts' own tests (scripts/*.test.mjs, node's test runner). Named one by one: given the
// folder, node --test would also run this file (test.mjs).
const scriptTests = readdirSync(join(root, 'scripts')).filter((f) => f.endsWith('.test.mjs')).map((f) => join(root, 'scripts', f));
const scriptsPassed = spawnSync(process.execPath, ['--test', ...scriptTests], { cwd: root, stdio: 'inherit' }).status === 0;
// No import cycles in any package's or app's src/ (type imports included): each is printed as a chain.
const cyclesPassed = spawnSync(process.execPath, [join(root, 'scripts', 'importCycles.mjs')], { cwd: root, stdio: 'inherit' }).status === 0;
// typescript-eslint's recommended rules, clean (eslint.config.mjs).
const lintPassed = lint().ok;
const browser = ensureChromium();
if (browser) process.env.HEGAO_CHROMIUM = browser;
else process.env.HEGAO_CHROMIUM_MISSING = missingChromiumMessage();
// LibreOffice for the PDF export suites: without it they fail, saying what is missing.
const soffice = ensureLibreOffice();
if (soffice) process.env.HEGAO_SOFFICE = soffice;
else process.env.HEGAO_SOFFICE_MISSING = missingLibreOfficeMessage();
turbo(['run', 'build', 'typecheck', 'test', '--concurrency=2', '--log-order=grouped', '--continue']);
if (!scriptsPassed) {
  console.error('\nscripts/ 的测试未通过（见上方 node --test 的输出）');
  process.exit(1);
}
if (!cyclesPassed) {
  console.error('\n源代码中存在循环导入（见上方导入环检查的输出）');
  process.exit(1);
}
if (!lintPassed) {
  console.error('\n代码检查（ESLint）未通过（见上方的文件、行号和规则）');
  process.exit(1);
}
if (!browser) {
  console.error(`\n${missingChromiumMessage()}`);
  process.exit(1);
}
if (!soffice) {
  console.error(`\n${missingLibreOfficeMessage()}`);
  process.exit(1);
}
