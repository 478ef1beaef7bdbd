/**
 * Test fixtures of @hegao/storage for other packages' suites (`@hegao/storage/testing`, source
 * only: not built): the private PostgreSQL server and the dialects helper.
 */
export { MIGRATED_TEMPLATE, createMigratedTemplate, createPgDatabase, dropPgDatabase, findPgBin, pgClient, startPgServer, type PgServer, type PgServerOptions } from './pgServer.js';
export { dialects, newPgDatabase, postgresCase, sqliteCase, usePgServer, type DialectCase } from './dialects.js';
export { rawQuery } from './rawQuery.js';
