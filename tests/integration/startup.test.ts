/**
 * What `npm start` prints: the URL and data folder (or PostgreSQL database), and the demo accounts only where they exist —
 * a real office's database (started with HEGAO_SEED_DEMO=0) gets a hint instead of accounts it lacks.
 * And the demo seed is all or nothing: a process killed midway leaves an empty database, which the
 * next start seeds completely.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { ApiClient, demoReport } from '../helpers/api.js';
import { waitFor } from '../helpers/collabClient.js';
import { ServerProcess } from '../helpers/serverProcess.js';
import { query, storedXml } from '../helpers/store.js';
import { openPostgres, openSqlite, type Db } from '@hegao/storage';

let server: ServerProcess | null = null;
afterEach(async () => {
  await server?.dispose();
  server = null;
});

async function banner(env: Record<string, string>): Promise<string> {
  server = await ServerProcess.start(env);
  await waitFor(() => server!.output.includes('合稿已启动') && /\n\n/.test(server!.output.slice(server!.output.indexOf('合稿已启动'))), 'banner');
  return server.output.slice(server.output.indexOf('合稿已启动'));
}

describe('the start banner', () => {
  it('lists the demo accounts of a seeded database with the URL and the data folder', async () => {
    const text = await banner({});
    expect(text).toContain(`http://localhost:${server!.port}`);
    // On PostgreSQL the database's address (with no password to hide here), else the data folder.
    expect(text).toContain(server!.databaseUrl ? `数据库：PostgreSQL（${server!.databaseUrl}）` : `数据目录：${server!.dataDir}`);
    expect(text).toMatch(/演示账号（密码均为 hegao-demo）/);
    expect(text).toMatch(/ {2}bgs {6}李文静/);
    expect(text).toMatch(/ {2}quzhang {2}周区长/);
  });

  it('lists no demo accounts when the demo was not seeded', async () => {
    const text = await banner({ HEGAO_SEED_DEMO: '0' });
    expect(text).not.toContain('演示账号（');
    expect(text).not.toContain('李文静');
    expect(text).toContain('账号管理：npm run cli -- user add');
  });
});

describe('the demo seed', () => {
  const SERVER_DIR = fileURLToPath(new URL('../../apps/server', import.meta.url));
  const count = async (db: Db, table: string) => (await query<{ n: number }>(db, `SELECT COUNT(*) AS n FROM ${table}`))[0]!.n;

  it('a process killed (SIGKILL) in the middle of seeding leaves an empty database; the next start seeds it fully', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'hegao-it-seed-'));
    // On PostgreSQL, a database of the run's server that the seed and then the server use.
    const databaseUrl = await ServerProcess.newDatabase();
    const env: Record<string, string> = databaseUrl ? { HEGAO_DATABASE_URL: databaseUrl } : {};
    // The built seed, run as the server runs it, in a process that kills itself after ten sections
    // (some of them with their text) were written.
    const script = [
      "import { openPostgres, openSqlite } from '@hegao/storage';",
      "import { loadConfig } from './dist/config.js';",
      "import { seedDemo } from './dist/seed/demo.js';",
      'const config = loadConfig(process.env);',
      'const db = config.databaseUrl ? await openPostgres(config.databaseUrl) : await openSqlite(config.dbFile);',
      'let sections = 0;',
      "await seedDemo({ db, config }, { onStep: (step) => { if (step === 'section' && ++sections === 10) process.kill(process.pid, 'SIGKILL'); } });",
      "console.log('seed finished');",
    ].join('\n');
    const killed = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: SERVER_DIR, env: { ...process.env, HEGAO_DATA: dataDir, ...env }, encoding: 'utf8' });
    expect(killed.signal, killed.stderr).toBe('SIGKILL');
    expect(killed.stdout).not.toContain('seed finished');

    const seeded = databaseUrl ? await openPostgres(databaseUrl) : await openSqlite(join(dataDir, 'hegao.db'));
    try {
      for (const table of ['users', 'bureaus', 'reports', 'sections', 'events', 'doc_updates']) expect(await count(seeded, table), table).toBe(0);
    } finally {
      await seeded.close();
    }

    server = await ServerProcess.start(env, dataDir);
    const db = await server.openDb();
    try {
      expect(await count(db, 'users')).toBe(9);
      expect(await count(db, 'reports')).toBe(1);
      const bgs = await ApiClient.login(server.url, 'bgs');
      const report = await demoReport(bgs);
      expect(report.sections.length).toBeGreaterThan(20);
      const epidemic = report.sections.find((s) => s.title.includes('疫情防控'))!;
      expect(await storedXml(db, epidemic.docName)).toContain('<paragraph>');
    } finally {
      await db.close();
    }
  });
});
