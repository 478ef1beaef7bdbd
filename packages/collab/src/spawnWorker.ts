/** Starting a worker thread on a module of this repository, built or from source. */
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker, type WorkerOptions } from 'node:worker_threads';

/**
 * Starts a worker thread running the module `name` (without extension) that sits beside `here`
 * (the caller's `import.meta.url`): the built `.js`, or — running from source (tests, tsx) — the
 * `.ts`, with tsx's loader registered in the worker before it is imported (so the modules it
 * imports may be TypeScript too).
 */
export function spawnModuleWorker(here: string, name: string, options: WorkerOptions = {}): Worker {
  if (here.endsWith('.ts')) {
    const pkg = createRequire(here).resolve('tsx/package.json');
    const api = pathToFileURL(pkg.replace(/package\.json$/, 'dist/esm/api/index.mjs')).href;
    const file = new URL(`./${name}.ts`, here).href;
    const boot = `import(${JSON.stringify(api)}).then((m) => { m.register(); return import(${JSON.stringify(file)}); })`;
    return new Worker(boot, { ...options, eval: true });
  }
  return new Worker(new URL(`./${name}.js`, here), options);
}
