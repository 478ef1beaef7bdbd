/**
 * Vitest global setup of the PostgreSQL project (vitest.config.ts): one private PostgreSQL server
 * for the run (the fixture of @hegao/storage, in a temp folder on a free port, never the machine's
 * shared instance), provided as `hegaoPgUrl`; each ServerProcess creates its own database on it.
 */
import type { TestProject } from 'vitest/node';
// By path: global setups are not resolved with the `source` condition (the fixture is not built).
import { startPgServer } from '../../packages/storage/src/test/pgServer.js';

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const server = await startPgServer();
  project.provide('hegaoPgUrl', server.url('postgres'));
  return () => server.stop();
}
