/**
 * Vitest global setup: one private PostgreSQL server for the whole run (see pgServer.ts); each
 * test gets a fresh database on it (`dialects.ts`). Its admin URL is provided as `hegaoPgUrl`.
 */
import type { TestProject } from 'vitest/node';
import { startPgServer } from './pgServer.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** URL of the `postgres` database of the run's private PostgreSQL server. */
    hegaoPgUrl: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const server = await startPgServer();
  project.provide('hegaoPgUrl', server.url('postgres'));
  return () => server.stop();
}
