/**
 * Vitest global setup: one private PostgreSQL server for the whole run (see pgServer.ts), with a
 * migrated template database; each test gets a fresh copy of it (`dialects.ts`). The server's admin
 * URL is provided as `hegaoPgUrl` (declared in dialects.ts).
 */
import type { TestProject } from 'vitest/node';
import { openPostgres } from '../postgres.js';
import { createMigratedTemplate, startPgServer } from './pgServer.js';

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const server = await startPgServer();
  try {
    await createMigratedTemplate(server.url('postgres'), async (url) => (await openPostgres(url)).close());
  } catch (err) {
    await server.stop();
    throw err;
  }
  project.provide('hegaoPgUrl', server.url('postgres'));
  return () => server.stop();
}
