/**
 * Private PostgreSQL servers for the integration suites (issue 15): the fixture of @hegao/storage
 * (packages/storage/src/test/pgServer.ts). `startPgServer()` initdb's a cluster in a temp folder
 * and runs it on a free port of 127.0.0.1 (never the machine's shared instance), as `nobody` when
 * run as root; `createDatabase()` gives a fresh database URL for HEGAO_DATABASE_URL; `kill()` and
 * `start()` make an outage; `stop()` removes it all. `usePgServer()` + `newPgDatabase()` give one
 * server per test file and a copy of the migrated template per call.
 */
export {
  MIGRATED_TEMPLATE,
  createMigratedTemplate,
  createPgDatabase,
  dialects,
  newPgDatabase,
  pgClient,
  startPgServer,
  usePgServer,
  type DialectCase,
  type PgServer,
  type PgServerOptions,
} from '@hegao/storage/testing';
