// Test helper of the repository tests: a fresh database (SQLite in memory by default) with one report, per test.
import { afterEach, beforeEach } from 'vitest';
import { createReport } from '../repos/reports.js';
import type { Db } from '../db.js';
import { sqliteCase, type DialectCase } from './dialects.js';

/** Registers the per-test database; read `db` and `reportId` inside tests. */
export function useReportDb(dialect: DialectCase = sqliteCase): { readonly db: Db; readonly reportId: string } {
  const current = { db: null as Db | null, reportId: '' };
  beforeEach(async () => {
    current.db = await dialect.open();
    current.reportId = (await createReport(current.db, { title: '报告', period: '2020年上半年', kind: 'custom', dueDate: null, createdBy: null })).id;
  });
  afterEach(async () => {
    await current.db?.close();
    current.db = null;
  });
  return {
    get db() {
      if (!current.db) throw new Error('useReportDb: read db inside a test');
      return current.db;
    },
    get reportId() {
      return current.reportId;
    },
  };
}
