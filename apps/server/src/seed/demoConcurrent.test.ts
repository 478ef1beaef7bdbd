/**
 * Several servers starting at the same moment on one empty PostgreSQL database (issue 15): the
 * demo is seeded exactly once, and no server fails on the other's rows.
 */
import { describe, expect, it } from 'vitest';
import { countUsers, listBureaus, openPostgres, type Db } from '@hegao/storage';
import { newPgDatabase, usePgServer } from '@hegao/storage/testing';
import { loadConfig } from '../config.js';
import { seedDemo } from './demo.js';

usePgServer();

describe('seeding the demo from several servers at once', () => {
  it('seeds once; the others find it seeded', async () => {
    const url = await newPgDatabase();
    const dbs: Db[] = await Promise.all([openPostgres(url), openPostgres(url), openPostgres(url)]);
    try {
      const config = loadConfig({ HEGAO_DATA: '/nonexistent' });
      const seeded = await Promise.all(dbs.map((db) => seedDemo({ db, config })));
      expect(seeded.filter(Boolean)).toHaveLength(1);
      const bureaus = (await listBureaus(dbs[0]!)).map((b) => b.name);
      expect(new Set(bureaus).size).toBe(bureaus.length);
      expect(await countUsers(dbs[1]!)).toBeGreaterThan(0);
    } finally {
      for (const db of dbs) await db.close();
    }
  });
});
