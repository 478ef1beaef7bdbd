// `npm start`: install what is missing, build the server and the web app, then serve 合稿.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { ensureInstalled, root, turbo } from './pnpm.mjs';

ensureInstalled();
turbo(['run', 'build', '--filter=@hegao/server...', '--filter=@hegao/web', '--output-logs=errors-only']);

const child = spawn(process.execPath, [join(root, 'apps/server/dist/main.js')], { stdio: 'inherit', env: process.env });
for (const signal of /** @type {const} */ (['SIGINT', 'SIGTERM'])) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
