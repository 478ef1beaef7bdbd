// `npm run cli -- <args>`: the administration CLI (bureaus, accounts, password resets).
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { ensureInstalled, root, turbo } from './pnpm.mjs';

ensureInstalled();
turbo(['run', 'build', '--filter=@hegao/server...', '--output-logs=errors-only']);
const res = spawnSync(process.execPath, [join(root, 'apps/server/dist/cli.js'), ...process.argv.slice(2)], { stdio: 'inherit' });
process.exit(res.status ?? 1);
