/**
 * The audit chain against the real built server: editors type, the workflow runs to a locked
 * version, a leader comments; `hegao audit verify` then passes and the version carries the chain
 * head at lock time. Each kind of tampering with the SQLite file — an update's bytes changed, an
 * event deleted, an event slipped in, a locked version's text changed — done on a fresh copy of the
 * database, makes `audit verify` exit 1 naming that record.
 *
 * One server for the whole file; tests run in order and later ones build on earlier state.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient, demoReport, type SectionJson } from '../helpers/api.js';
import { CollabClient, waitFor } from '../helpers/collabClient.js';
import { ServerProcess } from '../helpers/serverProcess.js';
import { storedUpdates } from '../helpers/store.js';

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
const api: Record<string, ApiClient> = {};
const clients: CollabClient[] = [];
const copies: string[] = [];
let report: { id: string; sections: SectionJson[] };

beforeAll(async () => {
  server = await ServerProcess.start();
  for (const username of ['bgs', 'wjj', 'fgj', 'nyj', 'mzj', 'zzb', 'quzhang']) api[username] = await ApiClient.login(server.url, username);
  report = await demoReport(api['bgs']!);
});

afterAll(async () => {
  for (const c of clients) c.destroy();
  await server?.dispose();
  for (const dir of copies) rmSync(dir, { recursive: true, force: true });
});

/** Runs the CLI on a data folder. */
function cli(dataDir: string, args: string[]) {
  const res = spawnSync(process.execPath, [CLI, ...args], { env: { ...process.env, HEGAO_DATA: dataDir }, encoding: 'utf8' });
  return { status: res.status, stdout: res.stdout, stderr: res.stderr };
}

function verifyJson(dataDir: string): { status: number | null; result: AuditJson } {
  const res = cli(dataDir, ['audit', 'verify', '--json']);
  expect(res.stderr).toBe('');
  return { status: res.status, result: JSON.parse(res.stdout) as AuditJson };
}

/** A consistent copy of the running server's database (WAL included) in a data folder of its own. */
function copyOfDatabase(): string {
  const dir = mkdtempSync(join(tmpdir(), 'hegao-audit-'));
  copies.push(dir);
  const db = new Database(server.dbFile, { readonly: true, fileMustExist: true });
  try {
    db.prepare('VACUUM INTO ?').run(join(dir, 'hegao.db'));
  } finally {
    db.close();
  }
  return dir;
}

/** Opens a copy's database file to edit it by hand. */
function tamper(dir: string, edit: (db: Database.Database) => void): void {
  const db = new Database(join(dir, 'hegao.db'), { fileMustExist: true });
  try {
    edit(db);
  } finally {
    db.close();
  }
}

/** Sections that hold text (outline leaves). */
function leaves(): SectionJson[] {
  const parents = new Set(report.sections.map((s) => (s as SectionJson & { parentId: string | null }).parentId).filter(Boolean));
  return report.sections.filter((s) => !parents.has(s.id));
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
    const before = storedUpdates(server.dbFile, section.docName).length;
    for (const text of ['全区新增就业一万人。', '城镇调查失业率稳定在5%以内。', '发放稳岗补贴三千万元。']) client.appendParagraph(text);
    await waitFor(() => storedUpdates(server.dbFile, section.docName).length >= before + 3, 'typed paragraphs stored');
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
    const { status, result } = verifyJson(server.dataDir);
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
    const db = new Database(server.dbFile, { readonly: true, fileMustExist: true });
    try {
      const at = db.prepare('SELECT hash FROM audit_chain WHERE seq = ?').get(v1.chainSeq) as { hash: string };
      expect(at.hash).toBe(v1.chainHead);
      const next = db.prepare('SELECT kind, ref, prev_hash FROM audit_chain WHERE seq = ?').get(v1.chainSeq + 1) as { kind: string; ref: string; prev_hash: string };
      expect(next).toEqual({ kind: 'version', ref: `${report.id}/1`, prev_hash: v1.chainHead });
    } finally {
      db.close();
    }
  });

  it('names an update row whose bytes were changed', () => {
    const dir = copyOfDatabase();
    const section = leaves().find((s) => s.bureaus.some((b) => b.name === '卫健局'))!;
    const row = storedUpdates(server.dbFile, section.docName).at(-1)!;
    tamper(dir, (db) => db.prepare('UPDATE doc_updates SET data = ? WHERE seq = ?').run(Buffer.from([0, 0]), row.seq));
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

  it('names an event that was deleted', () => {
    const dir = copyOfDatabase();
    let id = 0;
    tamper(dir, (db) => {
      id = (db.prepare("SELECT id FROM events WHERE type = 'section.submit' ORDER BY id LIMIT 1").get() as { id: number }).id;
      db.prepare('DELETE FROM events WHERE id = ?').run(id);
    });
    const { status, result } = verifyJson(dir);
    expect(status).toBe(1);
    expect(result.failure).toMatchObject({ problem: 'removed', table: 'events', ref: String(id) });
    expect(cli(dir, ['audit', 'verify']).stdout).toContain(`（events #${id}）被删除`);
  });

  it('names an event that was slipped in', () => {
    const dir = copyOfDatabase();
    let id = 0;
    tamper(dir, (db) => {
      id = Number(db.prepare("INSERT INTO events (report_id, actor_id, type, detail, created_at) VALUES (?, NULL, 'section.approve', '{}', 1)").run(report.id).lastInsertRowid);
    });
    const { status, result } = verifyJson(dir);
    expect(status).toBe(1);
    expect(result.failure).toMatchObject({ problem: 'inserted', position: null, table: 'events', ref: String(id) });
    expect(cli(dir, ['audit', 'verify']).stdout).toContain(`记录（events #${id}）是插入的`);
  });

  it('names a locked version whose text was changed', () => {
    const dir = copyOfDatabase();
    tamper(dir, (db) => {
      // The database refuses changes to a locked version; someone editing the file drops the guard first.
      db.exec('DROP TRIGGER report_versions_no_update');
      db.prepare("UPDATE report_versions SET content_json = replace(content_json, '一万人', '两万人') WHERE report_id = ?").run(report.id);
    });
    const { status, result } = verifyJson(dir);
    expect(status).toBe(1);
    expect(result.failure).toMatchObject({ problem: 'altered', table: 'report_versions', ref: `${report.id}/1` });
    expect(cli(dir, ['audit', 'verify']).stdout).toContain(`（report_versions #${report.id}/1）被修改`);
  });

  it('still passes on the untouched database', () => {
    expect(verifyJson(server.dataDir)).toMatchObject({ status: 0, result: { ok: true } });
  });
});
