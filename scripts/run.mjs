// `npm run build|typecheck`: install what is missing, then run the turbo task.
import { ensureInstalled, turbo } from './pnpm.mjs';

ensureInstalled();
turbo(['run', process.argv[2] ?? 'build']);
