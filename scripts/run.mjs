// `npm run build|typecheck`: install what is missing, then run the turbo task.
import { ensureInstalled, turbo, typecheckScripts } from './pnpm.mjs';

ensureInstalled();
if (process.argv[2] === 'typecheck') typecheckScripts();
turbo(['run', process.argv[2] ?? 'build']);
