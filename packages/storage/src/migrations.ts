/** Schema migrations, written once for both dialects (SQLite and PostgreSQL). */
import { Migrator, sql, type Kysely, type Migration, type MigrationProvider } from 'kysely';
import { chainExistingRows } from './audit.js';
import type { Database } from './schema.js';

/** Which SQL engine a database runs on. */
export type Dialect = 'sqlite' | 'postgres';

function migrations(dialect: Dialect): Record<string, Migration> {
  const blob = dialect === 'postgres' ? 'bytea' : 'blob';
  const big = 'bigint';
  return {
    '0001_initial': {
      async up(db: Kysely<unknown>) {
        await db.schema
          .createTable('bureaus')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('name', 'text', (c) => c.notNull().unique())
          .addColumn('is_office', 'integer', (c) => c.notNull().defaultTo(0))
          .addColumn('color', 'text', (c) => c.notNull())
          .addColumn('created_at', big, (c) => c.notNull())
          .execute();
        await db.schema
          .createTable('users')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('username', 'text', (c) => c.notNull().unique())
          .addColumn('name', 'text', (c) => c.notNull())
          .addColumn('role', 'text', (c) => c.notNull())
          .addColumn('bureau_id', 'text', (c) => c.references('bureaus.id'))
          .addColumn('password_hash', 'text', (c) => c.notNull())
          .addColumn('disabled', 'integer', (c) => c.notNull().defaultTo(0))
          .addColumn('created_at', big, (c) => c.notNull())
          .execute();
        await db.schema
          .createTable('sessions')
          .addColumn('token_hash', 'text', (c) => c.primaryKey())
          .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
          .addColumn('created_at', big, (c) => c.notNull())
          .addColumn('expires_at', big, (c) => c.notNull())
          .execute();
        await db.schema
          .createTable('reports')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('title', 'text', (c) => c.notNull())
          .addColumn('period', 'text', (c) => c.notNull())
          .addColumn('kind', 'text', (c) => c.notNull())
          .addColumn('due_date', 'text')
          .addColumn('status', 'text', (c) => c.notNull())
          .addColumn('version', 'integer', (c) => c.notNull().defaultTo(0))
          .addColumn('created_by', 'text', (c) => c.references('users.id'))
          .addColumn('created_at', big, (c) => c.notNull())
          .addColumn('updated_at', big, (c) => c.notNull())
          .execute();
        await db.schema
          .createTable('sections')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('report_id', 'text', (c) => c.notNull().references('reports.id'))
          .addColumn('parent_id', 'text', (c) => c.references('sections.id'))
          .addColumn('position', 'integer', (c) => c.notNull())
          .addColumn('title', 'text', (c) => c.notNull())
          .addColumn('status', 'text', (c) => c.notNull())
          .addColumn('due_date', 'text')
          .addColumn('instruction', 'text', (c) => c.notNull().defaultTo(''))
          .addColumn('doc_name', 'text', (c) => c.notNull().unique())
          .addColumn('return_reason', 'text')
          .addColumn('last_edit_user_id', 'text', (c) => c.references('users.id'))
          .addColumn('last_edit_at', big)
          .addColumn('created_at', big, (c) => c.notNull())
          .addColumn('updated_at', big, (c) => c.notNull())
          .addColumn('deleted_at', big)
          .execute();
        await db.schema.createIndex('sections_report').on('sections').columns(['report_id', 'parent_id', 'position']).execute();
        await db.schema
          .createTable('section_bureaus')
          .addColumn('section_id', 'text', (c) => c.notNull().references('sections.id'))
          .addColumn('bureau_id', 'text', (c) => c.notNull().references('bureaus.id'))
          .addPrimaryKeyConstraint('section_bureaus_pk', ['section_id', 'bureau_id'])
          .execute();
        await db.schema
          .createTable('events')
          .addColumn('id', dialect === 'postgres' ? 'bigserial' : 'integer', (c) =>
            dialect === 'postgres' ? c.primaryKey() : c.primaryKey().autoIncrement(),
          )
          .addColumn('report_id', 'text')
          .addColumn('section_id', 'text')
          .addColumn('actor_id', 'text')
          .addColumn('type', 'text', (c) => c.notNull())
          .addColumn('detail', 'text', (c) => c.notNull().defaultTo('{}'))
          .addColumn('created_at', big, (c) => c.notNull())
          .execute();
        await db.schema.createIndex('events_report').on('events').columns(['report_id', 'id']).execute();
        await db.schema
          .createTable('doc_updates')
          .addColumn('seq', dialect === 'postgres' ? 'bigserial' : 'integer', (c) =>
            dialect === 'postgres' ? c.primaryKey() : c.primaryKey().autoIncrement(),
          )
          .addColumn('doc_name', 'text', (c) => c.notNull())
          .addColumn('data', sql.raw(blob), (c) => c.notNull())
          .addColumn('user_id', 'text', (c) => c.notNull())
          .addColumn('bureau_id', 'text')
          .addColumn('connection_id', 'text', (c) => c.notNull())
          .addColumn('created_at', big, (c) => c.notNull())
          .execute();
        await db.schema.createIndex('doc_updates_doc').on('doc_updates').columns(['doc_name', 'seq']).execute();
        await db.schema
          .createTable('doc_checkpoints')
          .addColumn('doc_name', 'text', (c) => c.notNull())
          .addColumn('upto_seq', big, (c) => c.notNull())
          .addColumn('data', sql.raw(blob), (c) => c.notNull())
          .addColumn('created_at', big, (c) => c.notNull())
          .addPrimaryKeyConstraint('doc_checkpoints_pk', ['doc_name', 'upto_seq'])
          .execute();
        await db.schema
          .createTable('doc_clients')
          .addColumn('doc_name', 'text', (c) => c.notNull())
          .addColumn('client_id', big, (c) => c.notNull())
          .addColumn('user_id', 'text', (c) => c.notNull())
          .addColumn('created_at', big, (c) => c.notNull())
          .addPrimaryKeyConstraint('doc_clients_pk', ['doc_name', 'client_id'])
          .execute();
        await db.schema
          .createTable('settings')
          .addColumn('key', 'text', (c) => c.primaryKey())
          .addColumn('value', 'text', (c) => c.notNull())
          .execute();
      },
    },
    '0002_workflow': {
      async up(db: Kysely<unknown>) {
        await db.schema.alterTable('sections').addColumn('numbered', 'integer', (c) => c.notNull().defaultTo(1)).execute();
        await db.schema.alterTable('reports').addColumn('final_doc_name', 'text').execute();
        await db.schema.alterTable('reports').addColumn('merged_at', big).execute();
        // Locked versions of the final draft: immutable once written.
        await db.schema
          .createTable('report_versions')
          .addColumn('report_id', 'text', (c) => c.notNull().references('reports.id'))
          .addColumn('version', 'integer', (c) => c.notNull())
          .addColumn('sha256', 'text', (c) => c.notNull())
          .addColumn('content_json', 'text', (c) => c.notNull())
          .addColumn('state', sql.raw(blob), (c) => c.notNull())
          .addColumn('locked_by', 'text', (c) => c.notNull().references('users.id'))
          .addColumn('locked_at', big, (c) => c.notNull())
          .addColumn('unlocked_by', 'text', (c) => c.references('users.id'))
          .addColumn('unlocked_at', big)
          .addColumn('unlock_reason', 'text')
          .addPrimaryKeyConstraint('report_versions_pk', ['report_id', 'version'])
          .execute();
        // What each merge took from each section, so a re-merge can show what changed.
        await db.schema
          .createTable('merge_sources')
          .addColumn('report_id', 'text', (c) => c.notNull().references('reports.id'))
          .addColumn('section_id', 'text', (c) => c.notNull().references('sections.id'))
          .addColumn('merged_at', big, (c) => c.notNull())
          .addColumn('source_seq', big, (c) => c.notNull())
          .addColumn('text', 'text', (c) => c.notNull())
          .addPrimaryKeyConstraint('merge_sources_pk', ['report_id', 'section_id'])
          .execute();
        await db.schema
          .createTable('comments')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('report_id', 'text', (c) => c.notNull().references('reports.id'))
          .addColumn('doc_name', 'text', (c) => c.notNull())
          .addColumn('section_id', 'text', (c) => c.references('sections.id'))
          .addColumn('parent_id', 'text', (c) => c.references('comments.id'))
          .addColumn('anchor_from', 'text')
          .addColumn('anchor_to', 'text')
          .addColumn('quote', 'text', (c) => c.notNull().defaultTo(''))
          .addColumn('body', 'text', (c) => c.notNull())
          .addColumn('author_id', 'text', (c) => c.notNull().references('users.id'))
          .addColumn('created_at', big, (c) => c.notNull())
          .addColumn('resolved_by', 'text', (c) => c.references('users.id'))
          .addColumn('resolved_at', big)
          .execute();
        await db.schema.createIndex('comments_doc').on('comments').columns(['doc_name', 'created_at']).execute();
        await db.schema
          .createTable('notifications')
          .addColumn('id', dialect === 'postgres' ? 'bigserial' : 'integer', (c) =>
            dialect === 'postgres' ? c.primaryKey() : c.primaryKey().autoIncrement(),
          )
          .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
          .addColumn('type', 'text', (c) => c.notNull())
          .addColumn('report_id', 'text')
          .addColumn('section_id', 'text')
          .addColumn('message', 'text', (c) => c.notNull())
          .addColumn('detail', 'text', (c) => c.notNull().defaultTo('{}'))
          .addColumn('dedupe_key', 'text')
          .addColumn('created_at', big, (c) => c.notNull())
          .addColumn('read_at', big)
          .execute();
        await db.schema.createIndex('notifications_user').on('notifications').columns(['user_id', 'id']).execute();
        await db.schema.createIndex('notifications_dedupe').on('notifications').columns(['user_id', 'dedupe_key']).unique().execute();
      },
    },
    '0003_merge_blocks': {
      async up(db: Kysely<unknown>) {
        // The blocks each merge wrote into the final draft (canonical JSON), so a re-merge can tell
        // whether the office edited them since. Null for rows written before: their text is compared.
        await db.schema.alterTable('merge_sources').addColumn('blocks_json', 'text').execute();
      },
    },
    '0004_locked_versions_guard': {
      async up(db: Kysely<unknown>) {
        // A locked version is immutable in the database itself, not only in the application: what
        // it locked (number, content, state, SHA-256, who and when) never changes; the unlock
        // columns are written once, when the version is unlocked, and never again. No row is
        // ever deleted (nothing deletes reports or versions). See LOCKED_VERSION_GUARD.
        if (dialect === 'postgres') {
          await sql`CREATE FUNCTION report_versions_guard() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
              IF TG_OP <> 'UPDATE' THEN
                RAISE EXCEPTION '${sql.raw(LOCKED_VERSION_GUARD.delete)}';
              END IF;
              IF ${sql.raw(changedLockColumns('IS DISTINCT FROM'))} THEN
                RAISE EXCEPTION '${sql.raw(LOCKED_VERSION_GUARD.update)}';
              END IF;
              RETURN NEW;
            END $$`.execute(db);
          await sql`CREATE TRIGGER report_versions_no_update BEFORE UPDATE ON report_versions FOR EACH ROW EXECUTE FUNCTION report_versions_guard()`.execute(db);
          await sql`CREATE TRIGGER report_versions_no_delete BEFORE DELETE ON report_versions FOR EACH ROW EXECUTE FUNCTION report_versions_guard()`.execute(db);
          await sql`CREATE TRIGGER report_versions_no_truncate BEFORE TRUNCATE ON report_versions FOR EACH STATEMENT EXECUTE FUNCTION report_versions_guard()`.execute(db);
        } else {
          await sql`CREATE TRIGGER report_versions_no_update BEFORE UPDATE ON report_versions
            WHEN ${sql.raw(changedLockColumns('IS NOT'))}
            BEGIN SELECT RAISE(ABORT, '${sql.raw(LOCKED_VERSION_GUARD.update)}'); END`.execute(db);
          await sql`CREATE TRIGGER report_versions_no_delete BEFORE DELETE ON report_versions
            BEGIN SELECT RAISE(ABORT, '${sql.raw(LOCKED_VERSION_GUARD.delete)}'); END`.execute(db);
        }
      },
    },
    '0005_audit_chain': {
      async up(db: Kysely<unknown>) {
        // The tamper-evident record (audit.ts): one row per event, stored batch of text updates,
        // comment and locked version, each with the previous row's hash and its own. Positions are
        // assigned by the writer (head + 1), not by a sequence, so they have no gaps of their own.
        await db.schema
          .createTable('audit_chain')
          .addColumn('seq', big, (c) => c.primaryKey())
          .addColumn('kind', 'text', (c) => c.notNull())
          .addColumn('ref', 'text', (c) => c.notNull())
          .addColumn('prev_hash', 'text', (c) => c.notNull())
          .addColumn('hash', 'text', (c) => c.notNull())
          .addColumn('created_at', big, (c) => c.notNull())
          .execute();
        // The chain head when a version was locked (null for versions locked before this migration).
        await db.schema.alterTable('report_versions').addColumn('chain_seq', big).execute();
        await db.schema.alterTable('report_versions').addColumn('chain_head', 'text').execute();
        // Written with the version, never changed (0004's guard does not know these columns).
        if (dialect === 'postgres') {
          await sql`CREATE FUNCTION report_versions_chain_guard() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
              IF NEW.chain_seq IS DISTINCT FROM OLD.chain_seq OR NEW.chain_head IS DISTINCT FROM OLD.chain_head THEN
                RAISE EXCEPTION '${sql.raw(LOCKED_VERSION_GUARD.update)}';
              END IF;
              RETURN NEW;
            END $$`.execute(db);
          await sql`CREATE TRIGGER report_versions_chain_fixed BEFORE UPDATE ON report_versions FOR EACH ROW EXECUTE FUNCTION report_versions_chain_guard()`.execute(db);
        } else {
          await sql`CREATE TRIGGER report_versions_chain_fixed BEFORE UPDATE ON report_versions
            WHEN NEW.chain_seq IS NOT OLD.chain_seq OR NEW.chain_head IS NOT OLD.chain_head
            BEGIN SELECT RAISE(ABORT, '${sql.raw(LOCKED_VERSION_GUARD.update)}'); END`.execute(db);
        }
        // Genesis: what is stored already is chained once, so an existing database verifies.
        await chainExistingRows(db as Kysely<Database>);
      },
    },
    '0006_lean_log': {
      async up(db: Kysely<unknown>) {
        // SQLite only. Every keystroke's commit wrote six pages to the WAL: besides the update,
        // its index, the chain record and 最后编辑, the AUTOINCREMENT counter (sqlite_sequence) and
        // audit_chain's separate primary-key index (only INTEGER PRIMARY KEY is the row id). Both
        // tables are rebuilt with INTEGER PRIMARY KEY: the log is append-only (nothing deletes
        // from it), so the next seq is still the largest plus one. PostgreSQL has no such pages.
        if (dialect !== 'sqlite') return;
        await (db as Kysely<Database>).transaction().execute(async (trx) => {
          const tables = await sql<{ name: string; sql: string }>`SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name IN ('doc_updates', 'audit_chain')`.execute(trx);
          const ddl = new Map(tables.rows.map((r) => [r.name, r.sql]));
          if (/autoincrement/i.test(ddl.get('doc_updates') ?? '')) {
            await sql`CREATE TABLE doc_updates_lean (seq integer PRIMARY KEY, doc_name text NOT NULL, data blob NOT NULL, user_id text NOT NULL, bureau_id text, connection_id text NOT NULL, created_at bigint NOT NULL)`.execute(trx);
            await sql`INSERT INTO doc_updates_lean (seq, doc_name, data, user_id, bureau_id, connection_id, created_at) SELECT seq, doc_name, data, user_id, bureau_id, connection_id, created_at FROM doc_updates ORDER BY seq`.execute(trx);
            await sql`DROP TABLE doc_updates`.execute(trx);
            await sql`ALTER TABLE doc_updates_lean RENAME TO doc_updates`.execute(trx);
            await sql`CREATE INDEX doc_updates_doc ON doc_updates (doc_name, seq)`.execute(trx);
          }
          if (!/seq integer PRIMARY KEY/i.test(ddl.get('audit_chain') ?? '')) {
            await sql`CREATE TABLE audit_chain_lean (seq integer PRIMARY KEY, kind text NOT NULL, ref text NOT NULL, prev_hash text NOT NULL, hash text NOT NULL, created_at bigint NOT NULL)`.execute(trx);
            await sql`INSERT INTO audit_chain_lean (seq, kind, ref, prev_hash, hash, created_at) SELECT seq, kind, ref, prev_hash, hash, created_at FROM audit_chain ORDER BY seq`.execute(trx);
            await sql`DROP TABLE audit_chain`.execute(trx);
            await sql`ALTER TABLE audit_chain_lean RENAME TO audit_chain`.execute(trx);
          }
        });
      },
    },
    '0007_section_reminded_at': {
      async up(db: Kysely<unknown>) {
        // When the office last reminded (催办) a section by hand: at most once an hour, enforced by
        // a conditional update of this column (repos/reminders.ts).
        await db.schema.alterTable('sections').addColumn('reminded_at', big).execute();
      },
    },
  };
}

/** The errors the database raises when a locked version is changed or deleted (0004). */
export const LOCKED_VERSION_GUARD = {
  update: 'report_versions: a locked version is immutable (only its unlock may be recorded, once)',
  delete: 'report_versions: a locked version cannot be deleted',
} as const;

/**
 * SQL condition, over OLD and NEW of a report_versions row, that is true when an update changes
 * what was locked, or changes the unlock record once there is one. `distinct` is the null-safe
 * inequality of the dialect (`IS NOT` in SQLite, `IS DISTINCT FROM` in PostgreSQL).
 */
function changedLockColumns(distinct: string): string {
  const locked = ['report_id', 'version', 'sha256', 'content_json', 'state', 'locked_by', 'locked_at'];
  const unlock = ['unlocked_by', 'unlocked_at', 'unlock_reason'];
  const changed = (cols: string[]) => cols.map((c) => `NEW.${c} ${distinct} OLD.${c}`).join(' OR ');
  const unlocked = unlock.map((c) => `OLD.${c} IS NOT NULL`).join(' OR ');
  return `(${changed(locked)}) OR ((${unlocked}) AND (${changed(unlock)}))`;
}

/**
 * Brings the schema up to date (or up to the migration named `upTo`, for tests of databases from
 * before a migration); throws with the failing migration's error.
 */
export async function migrate(db: Kysely<unknown>, dialect: Dialect, upTo?: string): Promise<void> {
  const provider: MigrationProvider = { getMigrations: async () => migrations(dialect) };
  const migrator = new Migrator({ db, provider });
  const { error, results } = await (upTo === undefined ? migrator.migrateToLatest() : migrator.migrateTo(upTo));
  const failed = results?.find((r) => r.status === 'Error');
  if (error || failed) {
    throw new Error(`database migration failed${failed ? ` at ${failed.migrationName}` : ''}: ${String((error as Error)?.message ?? error)}`);
  }
}
