/**
 * The administration CLI (apps/server/dist/cli.js) on the data folder of a running server: bureaus
 * and accounts it creates are usable at once over the API, refusals exit with 2 and a Chinese
 * message on stderr, and password resets and disabling end existing sessions.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient, DEMO_PASSWORD, demoReport } from '../helpers/api.js';
import { CollabClient, waitFor } from '../helpers/collabClient.js';
import { ServerProcess } from '../helpers/serverProcess.js';
import { query, userId } from '../helpers/store.js';
import { CHINESE } from '../helpers/expectError.js';
import type { Db } from '@hegao/storage';


let server: ServerProcess;
/** The server's database (its SQLite file or PostgreSQL database), read beside it. */
let db: Db;

beforeAll(async () => {
  // Open sockets of disabled accounts are looked for every second (5 s by default).
  server = await ServerProcess.start({ HEGAO_ACCOUNT_CHECK_SECONDS: '1' });
  db = await server.openDb();
});

afterAll(async () => {
  if (process.env.HEGAO_DEBUG) console.log(server.output.slice(-4000));
  await db?.close();
  await server?.dispose();
});

type CliResult = ReturnType<ServerProcess['cli']>;

function ok(args: string[]): string {
  const res = server.cli(args);
  expect(res.status, `${args.join(' ')}\n${res.stderr}`).toBe(0);
  expect(res.stderr).toBe('');
  return res.stdout;
}

/** A refusal: exit 2, nothing on stdout, one Chinese error on stderr, no stack trace. */
function refused(args: string[], message?: RegExp): CliResult {
  const res = server.cli(args);
  expect(res.status, `${args.join(' ')}\nstdout: ${res.stdout}\nstderr: ${res.stderr}`).toBe(2);
  expect(res.stdout).toBe('');
  expect(res.stderr).toMatch(/^错误：/);
  expect(res.stderr).toMatch(CHINESE);
  expect(res.stderr).not.toMatch(/\n\s+at /);
  if (message) expect(res.stderr).toMatch(message);
  return res;
}

const count = async (table: 'users' | 'bureaus') => (await query<{ n: number }>(db, `SELECT COUNT(*) AS n FROM ${table}`))[0]!.n;
const sessionCount = async (username: string) => (await query<{ n: number }>(db, 'SELECT COUNT(*) AS n FROM sessions WHERE user_id = ?', await userId(db, username)))[0]!.n;

interface BureauLine {
  id: string;
  name: string;
  office: boolean;
  color: string;
}

function bureauList(): BureauLine[] {
  return ok(['bureau', 'list'])
    .trim()
    .split('\n')
    .map((line) => {
      const [id, label, color] = line.split('\t');
      return { id: id!, name: label!.replace('（办公室）', ''), office: label!.endsWith('（办公室）'), color: color! };
    });
}

async function login(username: string, password: string) {
  const client = new ApiClient(server.url);
  const res = await client.post<{ error?: string; message?: string; user?: { username: string } }>('/api/auth/login', { username, password });
  return { client, res };
}

describe('organisation', () => {
  it('the demo is 示例区人民政府; a rename shows at once in /api/me; a bad name changes nothing', async () => {
    expect(ok(['org', 'show'])).toContain('单位：示例区人民政府');
    const bgs = await ApiClient.login(server.url, 'bgs');
    expect((await bgs.get<{ organisation: { name: string } }>('/api/me')).body.organisation).toEqual({ name: '示例区人民政府' });
    refused(['org', 'rename', '区'.repeat(41)], /不能超过/);
    refused(['org', 'rename'], /缺少单位名称/);
    expect((await bgs.get<{ organisation: { name: string } }>('/api/me')).body.organisation.name).toBe('示例区人民政府');
    expect(ok(['org', 'rename', '某某区人民政府'])).toContain('某某区人民政府');
    expect((await bgs.get<{ organisation: { name: string } }>('/api/me')).body.organisation.name).toBe('某某区人民政府');
    ok(['org', 'rename', '示例区人民政府']);
  });
});

describe('bureaus', () => {
  it('bureau list shows the demo bureaus, the 办公室 marked', () => {
    const list = bureauList();
    expect(list.map((b) => b.name)).toEqual(expect.arrayContaining(['办公室', '卫健局', '发改局', '农业农村局', '民政局', '组织部']));
    expect(list.filter((b) => b.office).map((b) => b.name)).toEqual(['办公室']);
    for (const b of list) {
      expect(b.id).toMatch(/^\S+$/);
      expect(b.color).toMatch(/^#[0-9a-fA-F]{6}$/);
    }
  });

  it('bureau add creates a bureau that the running server uses at once', async () => {
    const out = ok(['bureau', 'add', '财政局', '--color', '#2c3e50']);
    const created = /^已创建部门：财政局（(\S+)）$/.exec(out.trim());
    expect(created, out).not.toBeNull();
    const czj = bureauList().find((b) => b.name === '财政局')!;
    expect(czj).toEqual({ id: created![1], name: '财政局', office: false, color: '#2c3e50' });
    ok(['bureau', 'add', '审计局']);
    expect(bureauList().find((b) => b.name === '审计局')!.color).toMatch(/^#[0-9a-fA-F]{6}$/);

    // The server, still running on the same SQLite file, can assign a section to it.
    const bgs = await ApiClient.login(server.url, 'bgs');
    const report = (await bgs.get<{ id: string }[]>('/api/reports')).body[0]!;
    const detail = await bgs.get<{ sections: { id: string; title: string }[] }>(`/api/reports/${report.id}`);
    const target = detail.body.sections.find((s) => s.title.includes('促进招商引资'))!;
    const res = await bgs.request<{ bureaus: { id: string; name: string }[] }>('PUT', `/api/sections/${target.id}/assignment`, { bureauIds: [czj.id] });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.bureaus).toEqual([{ id: czj.id, name: '财政局' }]);
  });

  it('bureau add refuses duplicates, bad colours and a missing name with exit 2', async () => {
    const before = await count('bureaus');
    refused(['bureau', 'add', '财政局'], /部门“财政局”已存在/);
    refused(['bureau', 'add', '卫健局'], /已存在/);
    refused(['bureau', 'add', '统计局', '--color', 'red'], /颜色格式应为 #RRGGBB/);
    refused(['bureau', 'add'], /缺少部门名称/);
    expect(await count('bureaus')).toBe(before);
  });
});

describe('accounts', () => {
  let generated = '';

  it('user add with a generated password prints it once, and it signs in over the API', async () => {
    const out = ok(['user', 'add', 'czj', '--name', '王财', '--role', 'editor', '--bureau', '财政局']);
    expect(out).toContain('已创建账号：czj（王财，部门撰稿人，财政局）');
    const match = /初始密码：(\S+)/.exec(out);
    expect(match, out).not.toBeNull();
    generated = match![1]!;
    expect(generated.length).toBeGreaterThanOrEqual(8);
    // Stored hashed, not in clear.
    const hash = (await query<{ password_hash: string }>(db, 'SELECT password_hash FROM users WHERE username = ?', 'czj'))[0]!.password_hash;
    expect(hash).not.toContain(generated);

    const { client, res } = await login('czj', generated);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const me = await client.get<{ username: string; name: string; role: string; bureau: { name: string } }>('/api/me');
    expect(me.body).toMatchObject({ username: 'czj', name: '王财', role: 'editor', bureau: { name: '财政局' } });
    // The section assigned to 财政局 above is theirs and they can submit it.
    const list = await client.get<{ mySections: { id: string; title: string }[] }[]>('/api/reports');
    const mine = list.body[0]!.mySections;
    expect(mine.map((s) => s.title)).toEqual([expect.stringContaining('促进招商引资')]);
    const submitted = await client.post<{ status: string }>(`/api/sections/${mine[0]!.id}/submit`);
    expect(submitted.status).toBe(200);
    expect(submitted.body.status).toBe('submitted');

    expect(ok(['user', 'list'])).toMatch(/^czj\t王财\t部门撰稿人\t财政局$/m);
  });

  it('user add with --password, and a leader needs no bureau', async () => {
    ok(['user', 'add', 'fuquzhang', '--name', '钱副区长', '--role', 'leader', '--password', 'leader-pass-1']);
    const { client, res } = await login('fuquzhang', 'leader-pass-1');
    expect(res.status).toBe(200);
    const me = await client.get<{ role: string; roleLabel: string; bureau: unknown }>('/api/me');
    expect(me.body).toMatchObject({ role: 'leader', roleLabel: '领导', bureau: null });
  });

  it('user add refuses duplicates, unknown bureaus, invalid roles and bad input with exit 2 and a Chinese message', async () => {
    const before = await count('users');
    refused(['user', 'add', 'wjj', '--name', '重名', '--role', 'editor', '--bureau', '卫健局', '--password', 'whatever-123'], /用户名“wjj”已被使用/);
    refused(['user', 'add', 'czj', '--name', '重名', '--role', 'editor', '--bureau', '财政局'], /已被使用/);
    refused(['user', 'add', 'newbie', '--name', '新人', '--role', 'editor', '--bureau', '不存在局'], /部门“不存在局”不存在/);
    refused(['user', 'add', 'newbie', '--name', '新人', '--role', 'admin', '--bureau', '卫健局'], /未知角色“admin”/);
    refused(['user', 'add', 'newbie', '--name', '新人', '--bureau', '卫健局'], /缺少角色/);
    refused(['user', 'add', 'newbie', '--name', '新人', '--role', 'editor'], /必须指定所属部门/);
    refused(['user', 'add', '新人', '--name', '新人', '--role', 'editor', '--bureau', '卫健局'], /用户名只能包含/);
    refused(['user', 'add', 'newbie', '--name', '新人', '--role', 'editor', '--bureau', '卫健局', '--password', 'short'], /密码至少 8 位/);
    refused(['user', 'add', 'newbie', '--role', 'editor', '--bureau', '卫健局', '--password', 'long-enough-1'], /缺少姓名/);
    refused(['user', 'add', 'newbie', '--name', '新人', '--role', 'editor', '--bureau', '卫健局', '--admin']);
    refused(['user', 'frobnicate'], /用法/);
    refused([], /用法/);
    expect(await count('users')).toBe(before);
    expect(await query(db, 'SELECT 1 FROM users WHERE username = ?', 'newbie')).toEqual([]);
  });

  it('an option given without its value is a usage error (exit 2, Chinese), not a crash', async () => {
    const before = await count('users');
    refused(['user', 'add', 'newbie', '--name', '新人', '--role', 'editor', '--bureau']);
    refused(['user', 'add', 'newbie', '--name', '新人', '--role']);
    expect(await count('users')).toBe(before);
  });

  it('user reset-password ends existing sessions and open documents, and the new password works (the old one does not)', async () => {
    const { client } = await login('czj', generated);
    expect((await client.get('/api/me')).status).toBe(200);
    expect(await sessionCount('czj')).toBeGreaterThan(0);
    const open = await CollabClient.open(client, server.wsUrl, (await demoReport(client)).sections.find((s) => s.docName)!.docName);

    const out = ok(['user', 'reset-password', 'czj']);
    expect(out).toContain('已重置 czj 的密码，原有登录已失效');
    // No session left: the open socket is closed with 4401 within the server's check interval.
    await waitFor(() => open.closes.some((c) => c.code === 4401), 'open document closed with 4401', 10_000);
    open.destroy();
    const fresh = /新密码：(\S+)/.exec(out)![1]!;
    expect(fresh).not.toBe(generated);
    expect(await sessionCount('czj')).toBe(0);

    const me = await client.get<{ error: string; message: string }>('/api/me');
    expect(me.status).toBe(401);
    expect(me.body.message).toBe('请先登录');
    const stale = await login('czj', generated);
    expect(stale.res.status).toBe(401);
    expect(stale.res.body.message).toBe('用户名或密码错误');
    const { res } = await login('czj', fresh);
    expect(res.status).toBe(200);

    // An explicit new password is not printed back.
    const explicit = ok(['user', 'reset-password', 'czj', '--password', 'chosen-by-admin']);
    expect(explicit).not.toContain('新密码');
    expect(explicit).not.toContain('chosen-by-admin');
    expect((await login('czj', 'chosen-by-admin')).res.status).toBe(200);
  });

  it('user disable refuses sign-in, ends sessions and closes open documents; enable restores it', async () => {
    const { client } = await login('czj', 'chosen-by-admin');
    expect((await client.get('/api/me')).status).toBe(200);
    const docName = (await demoReport(client)).sections.find((s) => s.docName)!.docName;
    const open = await CollabClient.open(client, server.wsUrl, docName);

    expect(ok(['user', 'disable', 'czj']).trim()).toBe('已停用账号 czj');
    // The CLI runs in its own process: the server finds the open socket within its check interval.
    await waitFor(() => open.closes.some((c) => c.code === 4403), 'open document closed with 4403', 10_000);
    open.destroy();
    expect(ok(['user', 'list'])).toMatch(/^czj\t.*（已停用）$/m);
    expect(await sessionCount('czj')).toBe(0);
    expect((await client.get('/api/me')).status).toBe(401);
    expect((await client.post('/api/collab/token', { docName: 'x' })).status).toBe(401);
    const refusedLogin = await login('czj', 'chosen-by-admin');
    expect(refusedLogin.res.status).toBe(401);
    expect(refusedLogin.res.body).toEqual({ error: 'invalid_credentials', message: '该账号已停用，请联系办公室' });
    expect(refusedLogin.res.headers.get('set-cookie')).toBeNull();

    expect(ok(['user', 'enable', 'czj']).trim()).toBe('已启用账号 czj');
    expect(ok(['user', 'list'])).not.toMatch(/^czj\t.*（已停用）$/m);
    const again = await login('czj', 'chosen-by-admin');
    expect(again.res.status).toBe(200);
    expect((await again.client.get('/api/me')).status).toBe(200);
  });

  it('reset-password, disable and enable of an unknown account exit 2', () => {
    for (const verb of ['reset-password', 'disable', 'enable']) refused(['user', verb, 'ghost'], /账号“ghost”不存在/);
    refused(['user', 'disable'], /缺少用户名/);
  });

  it('other accounts are untouched, and the server kept running throughout', async () => {
    expect((await ApiClient.login(server.url, 'wjj', DEMO_PASSWORD)).cookie).toMatch(/^hegao_session=/);
    expect(server.alive).toBe(true);
    expect(server.output).not.toMatch(/SQLITE_BUSY|database is locked|"level":"error"/);
  });
});
