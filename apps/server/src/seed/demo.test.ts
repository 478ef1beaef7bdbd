import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { UNNAMED_ORGANISATION, findUserForLogin, getOrganisation, openSqlite, type Db } from '@hegao/storage';
import { loadConfig } from '../config.js';
import { DEMO_BUREAUS, DEMO_ORGANISATION, DEMO_USERS } from './demoData.js';
import { seedDemo, type SeedStep } from './demo.js';

const TABLES = ['bureaus', 'users', 'reports', 'sections', 'section_bureaus', 'events', 'doc_updates', 'doc_clients', 'notifications'] as const;

let dir: string;
let db: Db;

/** A server start on the data folder: opens (and migrates) the database file. */
async function start(): Promise<{ db: Db; config: ReturnType<typeof loadConfig> }> {
  db = await openSqlite(join(dir, 'hegao.db'));
  return { db, config: loadConfig({ HEGAO_DATA: dir }) };
}

async function counts(): Promise<Record<(typeof TABLES)[number], number>> {
  const out = {} as Record<(typeof TABLES)[number], number>;
  for (const table of TABLES) {
    const row = await db.kysely.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    out[table] = Number(row.n);
  }
  return out;
}

class SeedAborted extends Error {}

/** The demo workspace is all there: organisation, bureaus, accounts, the report with its text, and the bureaus told. */
async function expectSeeded(): Promise<Record<(typeof TABLES)[number], number>> {
  const seeded = await counts();
  expect(seeded.bureaus).toBe(DEMO_BUREAUS.length);
  expect(seeded.users).toBe(DEMO_USERS.length);
  expect(seeded.reports).toBe(1);
  expect(seeded.sections).toBeGreaterThan(20);
  expect(seeded.doc_updates).toBeGreaterThan(15);
  // One 分配 notice per editor of a bureau with sections.
  expect(seeded.notifications).toBe(DEMO_USERS.filter((u) => u.role === 'editor').length);
  expect((await getOrganisation(db)).name).toBe(DEMO_ORGANISATION);
  return seeded;
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'hegao-seed-'));
});
afterEach(async () => {
  await db?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('seedDemo', () => {
  it('seeds everything once: bureaus, accounts, the report, its sections with their text, and never again', async () => {
    const ctx = await start();
    expect(await seedDemo(ctx)).toBe(true);
    const seeded = await expectSeeded();
    expect(await seedDemo(ctx)).toBe(false);
    expect(await counts()).toEqual(seeded);
  });

  // Each step the seed reports, including the last: until it commits, nothing of it exists.
  it.each<[SeedStep, number]>([
    ['organisation', 1],
    ['bureaus', 1],
    ['accounts', 1],
    ['report', 1],
    ['section', 1],
    ['section', 12],
    ['events', 1],
  ])('a seed that fails at %s (#%i) leaves an empty database, and the next start seeds it fully', async (failAt, nth) => {
    const first = await start();
    let seen = 0;
    const failing = seedDemo(first, {
      onStep: (step) => {
        if (step === failAt && ++seen === nth) throw new SeedAborted(`stopped at ${step} #${nth}`);
      },
    });
    await expect(failing).rejects.toBeInstanceOf(SeedAborted);
    expect(seen).toBe(nth);
    await db.close();

    // The next start finds nothing of the failed seed…
    const next = await start();
    expect(await counts()).toEqual({ bureaus: 0, users: 0, reports: 0, sections: 0, section_bureaus: 0, events: 0, doc_updates: 0, doc_clients: 0, notifications: 0 });
    expect((await getOrganisation(db)).name).toBe(UNNAMED_ORGANISATION);
    // …so it seeds again, completely.
    expect(await seedDemo(next)).toBe(true);
    await expectSeeded();
    expect((await findUserForLogin(db, 'bgs'))?.user.name).toBe('李文静');
  });
});
