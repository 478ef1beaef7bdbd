/**
 * The audit chain against the real built server: editors type, the workflow runs to a locked
 * version, a leader comments; `hegao audit verify` then passes and the version carries the chain
 * head at lock time. Each kind of tampering with the database — an update's bytes changed, an
 * event deleted, an event slipped in, a locked version's text changed — done on a fresh copy of the
 * database (a SQLite file, or a PostgreSQL database copied from the server's), makes `audit verify`
 * exit 1 naming that record.
 *
 * One server for the whole file; tests run in order and later ones build on earlier state.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { openPostgres, openSqlite, type Db } from '@hegao/storage';
import { dropPgDatabase, pgClient, rawQuery } from '@hegao/storage/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient, demoReport, type SectionJson, writtenSections } from '../helpers/api.js';
import { CollabClient, waitFor } from '../helpers/collabClient.js';
import { ServerProcess } from '../helpers/serverProcess.js';
import { query, storedUpdates } from '../helpers/store.js';

const CLI = fileURLToPath(new URL('../../apps/server/dist/cli.js', import.meta.url));
const EDITORS: Record<string, string> = { 卫健局: 'wjj', 发改局: 'fgj', 农业农村局: 'nyj', 民政局: 'mzj', 组织部: 'zzb' };

interface AuditJson {
  ok: boolean;
  records: number;
  rows: { events: number; updates: number; comments: number; versions: number };
  head: { seq: number; hash: string };
  failure: { problem: 'altered' | 'removed' | 'inserted'; position: number | null; table: string; ref: string; detail: string } | null;
}

let server: ServerProcess;
/** The server's database (its SQLite file or PostgreSQL database), read beside it. */
let db: Db;
const api: Record<string, ApiClient> = {};
const clients: CollabClient[] = [];
const copies: Copy[] = [];
let report: { id: string; sections: SectionJson[] };

beforeAll(async () => {
  server = await ServerProcess.start();
  db = await server.openDb();
  for (const username of ['bgs', 'wjj', 'fgj', 'nyj', 'mzj', 'zzb', 'quzhang']) api[username] = await ApiClient.login(server.url, username);
  report = await demoReport(api['bgs']!);
});

afterAll(async () => {
  for (const c of clients) c.destroy();
  await db?.close();
  await server?.dispose();
  for (const copy of copies) {
    rmSync(copy.dataDir, { recursive: true, force: true });
    if (copy.databaseUrl) await dropPgDatabase(copy.databaseUrl);
  }
});

/** A database the CLI runs on: a data folder (its SQLite file), and a PostgreSQL database when the server has one. */
interface Copy {
  dataDir: string;
  databaseUrl: string | null;
}

/** Runs the CLI on a data folder and its database. */
function cli(copy: Copy, args: string[]) {
  const env = { ...process.env, HEGAO_DATA: copy.dataDir, ...(copy.databaseUrl ? { HEGAO_DATABASE_URL: copy.databaseUrl } : {}) };
  const res = spawnSync(process.execPath, [CLI, ...args], { env, encoding: 'utf8' });
  return { status: res.status, stdout: res.stdout, stderr: res.stderr };
}

function verifyJson(copy: Copy): { status: number | null; result: AuditJson } {
  const res = cli(copy, ['audit', 'verify', '--json']);
  expect(res.stderr).toBe('');
  return { status: res.status, result: JSON.parse(res.stdout) as AuditJson };
}

/** The running server's own database. */
const live = (): Copy => ({ dataDir: server.dataDir, databaseUrl: server.databaseUrl });

/**
 * A consistent copy of the server's database in a data folder of its own: SQLite's VACUUM INTO
 * (WAL included) beside the running server; on PostgreSQL a database made from the server's as
 * its template, which needs every session to it ended: the server stops meanwhile (SIGTERM).
 */
async function copyOfDatabase(): Promise<Copy> {
  const dataDir = mkdtempSync(join(tmpdir(), 'hegao-audit-'));
  if (!server.databaseUrl) {
    copies.push({ dataDir, databaseUrl: null });
    const file = new Database(server.dbFile, { readonly: true, fileMustExist: true });
    try {
      file.prepare('VACUUM INTO ?').run(join(dataDir, 'hegao.db'));
    } finally {
      file.close();
    }
    return { dataDir, databaseUrl: null };
  }
  const source = new URL(server.databaseUrl);
  const name = `${source.pathname.slice(1)}_copy${copies.length}`;
  await server.kill('SIGTERM');
  await db.close();
  const admin = new URL(source);
  admin.pathname = '/postgres';
  const client = await pgClient(admin.toString());
  try {
    await client.query(`CREATE DATABASE ${name} TEMPLATE ${source.pathname.slice(1)}`);
  } finally {
    await client.end();
    db = await server.openDb();
    await server.boot();
  }
  const url = new URL(source);
  url.pathname = `/${name}`;
  const copy = { dataDir, databaseUrl: url.toString() };
  copies.push(copy);
  return copy;
}

/** Opens a copy's database to edit it by hand. */
async function tamper(copy: Copy, edit: (db: Db) => Promise<void>): Promise<void> {
  const copyDb = copy.databaseUrl ? await openPostgres(copy.databaseUrl) : await openSqlite(join(copy.dataDir, 'hegao.db'));
  try {
    await edit(copyDb);
  } finally {
    await copyDb.close();
  }
}

/** Sections that hold text (outline leaves). */
function leaves(): SectionJson[] {
  return writtenSections(report.sections);
}

describe('audit verify', () => {
  it('passes on the demo workspace as seeded', () => {
    const res = server.cli(['audit', 'verify']);
    expect(res.status, res.stderr).toBe(0);
    expect(res.stdout).toMatch(/^已校验 \d+ 条记录（事件 \d+ 条、文字更新 \d+ 条、批注 \d+ 条、定稿版本 0 个），链完整\n/);
  });

  it('passes after editors type, a leader comments, and every section is submitted, approved, merged and locked', async () => {
    const section = leaves().find((s) => s.bureaus.some((b) => b.name === '卫健局'))!;
    const client = await CollabClient.open(api['wjj']!, server.wsUrl, section.docName);
    clients.push(client);
    const before = (await storedUpdates(db, section.docName)).length;
    for (const text of ['全区新增就业一万人。', '城镇调查失业率稳定在5%以内。', '发放稳岗补贴三千万元。']) client.appendParagraph(text);
    await waitFor(async () => (await storedUpdates(db, section.docName)).length >= before + 3, 'typed paragraphs stored');
    client.destroy();

    const comment = await api['quzhang']!.post(`/api/sections/${section.id}/comments`, { body: '请补充下半年就业目标' });
    expect(comment.status, JSON.stringify(comment.body)).toBe(201);

    const wjjBureau = report.sections.flatMap((s) => s.bureaus).find((b) => b.name === '卫健局')!;
    for (const s of leaves()) {
      let bureau = s.bureaus.find((b) => EDITORS[b.name]);
      if (!bureau) {
        const res = await api['bgs']!.request('PUT', `/api/sections/${s.id}/assignment`, { bureauIds: [wjjBureau.id] });
        expect(res.status, JSON.stringify(res.body)).toBe(200);
        bureau = wjjBureau;
      }
      expect((await api[EDITORS[bureau.name]!]!.post(`/api/sections/${s.id}/submit`)).status).toBe(200);
      expect((await api['bgs']!.post(`/api/sections/${s.id}/approve`)).status).toBe(200);
    }
    expect((await api['bgs']!.post(`/api/reports/${report.id}/merge`)).status).toBe(200);
    const locked = await api['bgs']!.post<{ version: number }>(`/api/reports/${report.id}/lock`);
    expect(locked.status, JSON.stringify(locked.body)).toBe(200);

    const res = server.cli(['audit', 'verify']);
    expect(res.status, res.stdout + res.stderr).toBe(0);
    const count = Number(/^已校验 (\d+) 条记录/.exec(res.stdout)![1]);
    const { status, result } = verifyJson(live());
    expect(status).toBe(0);
    expect(result).toMatchObject({ ok: true, failure: null, rows: { comments: 1, versions: 1 } });
    expect(result.records).toBeGreaterThanOrEqual(count);
    expect(result.rows.events).toBeGreaterThan(2 * leaves().length);
  });

  it('keeps the chain head at lock time with the version, and shows it in the version API', async () => {
    const list = await api['quzhang']!.get<{ version: number; chainHead: string; chainSeq: number }[]>(`/api/reports/${report.id}/versions`);
    const v1 = list.body[0]!;
    expect(v1.chainHead).toMatch(/^[0-9a-f]{64}$/);
    const one = await api['quzhang']!.get<{ chainHead: string }>(`/api/reports/${report.id}/versions/1`);
    expect(one.body.chainHead).toBe(v1.chainHead);
    const [at] = await query<{ hash: string }>(db, 'SELECT hash FROM audit_chain WHERE seq = ?', v1.chainSeq);
    expect(at!.hash).toBe(v1.chainHead);
    const [next] = await query<{ kind: string; ref: string; prev_hash: string }>(db, 'SELECT kind, ref, prev_hash FROM audit_chain WHERE seq = ?', v1.chainSeq + 1);
    expect(next).toEqual({ kind: 'version', ref: `${report.id}/1`, prev_hash: v1.chainHead });
  });

  it('names an update row whose bytes were changed', async () => {
    const dir = await copyOfDatabase();
    const section = leaves().find((s) => s.bureaus.some((b) => b.name === '卫健局'))!;
    const row = (await storedUpdates(db, section.docName)).at(-1)!;
    await tamper(dir, async (copy) => {
      await copy.kysely.updateTable('doc_updates').set({ data: Buffer.from([0, 0]) }).where('seq', '=', row.seq).execute();
    });
    const { status, result } = verifyJson(dir);
    expect(status).toBe(1);
    expect(result.failure).toMatchObject({ problem: 'altered', table: 'doc_updates' });
    expect(result.failure!.ref.split(',').some((run) => {
      const [a, b = a] = run.split('-').map(Number) as [number, number?];
      return a <= row.seq && row.seq <= b!;
    })).toBe(true);
    const text = cli(dir, ['audit', 'verify']);
    expect(text.status).toBe(1);
    expect(text.stdout).toContain(`第 ${result.failure!.position} 条记录（doc_updates #${result.failure!.ref}）被修改`);
  });

  it('names an event that was deleted', async () => {
    const dir = await copyOfDatabase();
    let id = 0;
    await tamper(dir, async (copy) => {
      id = (await copy.kysely.selectFrom('events').select('id').where('type', '=', 'section.submit').orderBy('id').limit(1).executeTakeFirstOrThrow()).id;
      await copy.kysely.deleteFrom('events').where('id', '=', id).execute();
    });
    const { status, result } = verifyJson(dir);
    expect(status).toBe(1);
    expect(result.failure).toMatchObject({ problem: 'removed', table: 'events', ref: String(id) });
    expect(cli(dir, ['audit', 'verify']).stdout).toContain(`（events #${id}）被删除`);
  });

  it('names an event that was slipped in', async () => {
    const dir = await copyOfDatabase();
    let id = 0;
    await tamper(dir, async (copy) => {
      const row = await copy.kysely
        .insertInto('events')
        .values({ report_id: report.id, actor_id: null, type: 'section.approve', detail: '{}', created_at: 1 })
        .returning('id')
        .executeTakeFirstOrThrow();
      id = Number(row.id);
    });
    const { status, result } = verifyJson(dir);
    expect(status).toBe(1);
    expect(result.failure).toMatchObject({ problem: 'inserted', position: null, table: 'events', ref: String(id) });
    expect(cli(dir, ['audit', 'verify']).stdout).toContain(`记录（events #${id}）是插入的`);
  });

  it('names a locked version whose text was changed', async () => {
    const dir = await copyOfDatabase();
    await tamper(dir, async (copy) => {
      // The database refuses changes to a locked version; someone editing it drops the guard first.
      await rawQuery(copy, copy.dialect === 'postgres' ? 'DROP TRIGGER report_versions_no_update ON report_versions' : 'DROP TRIGGER report_versions_no_update');
      await rawQuery(copy, "UPDATE report_versions SET content_json = replace(content_json, '一万人', '两万人') WHERE report_id = ?", [report.id]);
    });
    const { status, result } = verifyJson(dir);
    expect(status).toBe(1);
    expect(result.failure).toMatchObject({ problem: 'altered', table: 'report_versions', ref: `${report.id}/1` });
    expect(cli(dir, ['audit', 'verify']).stdout).toContain(`（report_versions #${report.id}/1）被修改`);
  });

  it('still passes on the untouched database', () => {
    expect(verifyJson(live())).toMatchObject({ status: 0, result: { ok: true } });
  });
});
