#!/usr/bin/env node
/**
 * Administration CLI, so an office can set up without the demo:
 *   hegao org show | hegao org rename 某某区人民政府
 *   hegao bureau add 财政局 [--color '#2c3e50'] [--office]
 *   hegao bureau list
 *   hegao user add czj --name 王财 --role editor --bureau 财政局 [--password …]
 *   hegao user list
 *   hegao user reset-password czj [--password …]
 *   hegao user disable czj | hegao user enable czj
 *   hegao audit verify [--json]   (exit 1 naming the first altered, removed or inserted record)
 * Uses the database the server uses: PostgreSQL when $HEGAO_DATABASE_URL is set, else the SQLite file
 * in $HEGAO_DATA (default ./data). Without --password a random one is printed.
 */
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { ROLE_LABEL, bureausProblem, isRole, organisationNameProblem } from '@hegao/domain';
import {
  createBureau,
  createUser,
  deleteUserSessions,
  findBureau,
  findUserForLogin,
  getOrganisation,
  listBureaus,
  listUsers,
  openPostgres,
  openSqlite,
  setOrganisationName,
  setPasswordHash,
  setUserDisabled,
  type Db,
} from '@hegao/storage';
import { loadConfig } from './config.js';

const PALETTE = ['#c0392b', '#2980b9', '#27ae60', '#d35400', '#8e44ad', '#16a085', '#7f8c8d', '#b7950b', '#2c3e50'];

class CliError extends Error {}

/** Output that comes with an exit code of its own (audit verify: 1 when the chain is broken). */
class CliOutcome {
  constructor(
    readonly text: string,
    readonly exitCode: number,
  ) {}
}

function need(value: string | undefined, what: string): string {
  if (!value || !value.trim()) throw new CliError(`缺少${what}`);
  return value.trim();
}

function passwordOf(given: string | undefined): { password: string; generated: boolean } {
  if (given !== undefined) {
    if (given.length < 8) throw new CliError('密码至少 8 位');
    return { password: given, generated: false };
  }
  return { password: randomBytes(9).toString('base64url'), generated: true };
}

async function run(db: Db, argv: string[]): Promise<string | CliOutcome> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      name: { type: 'string' },
      role: { type: 'string' },
      bureau: { type: 'string' },
      password: { type: 'string' },
      color: { type: 'string' },
      office: { type: 'boolean' },
      json: { type: 'boolean' },
    },
  });
  const [noun, verb, arg] = positionals;
  if (noun === 'audit' && verb === 'verify') {
    // Loaded when used: the audit check pulls in the document model, which the account commands do not need.
    const { auditVerify } = await import('./commands/audit.js');
    const out = await auditVerify(db, values.json ?? false);
    return new CliOutcome(out.text, out.exitCode);
  }
  if (noun === 'org' && verb === 'show') {
    const bureaus = await listBureaus(db);
    const problem = bureausProblem(bureaus);
    return `单位：${(await getOrganisation(db)).name}\n部门：${bureaus.length} 个${problem ? `\n提示：${problem}` : ''}`;
  }
  if (noun === 'org' && verb === 'rename') {
    const name = need(positionals.slice(2).join(' '), '单位名称');
    const problem = organisationNameProblem(name);
    if (problem) throw new CliError(problem);
    await setOrganisationName(db, name);
    return `单位名称已改为：${name.trim()}`;
  }
  if (noun === 'bureau' && verb === 'add') {
    const name = need(arg, '部门名称');
    if (await findBureau(db, name)) throw new CliError(`部门“${name}”已存在`);
    const count = (await listBureaus(db)).length;
    const color = values.color ?? PALETTE[count % PALETTE.length]!;
    if (!/^#[0-9a-fA-F]{6}$/.test(color)) throw new CliError('颜色格式应为 #RRGGBB');
    if (values.office && (await listBureaus(db)).some((b) => b.isOffice)) throw new CliError('已有办公室，一个组织只能有一个办公室');
    const bureau = await createBureau(db, { name, color, isOffice: values.office ?? false });
    return `已创建部门：${bureau.name}（${bureau.id}）`;
  }
  if (noun === 'bureau' && verb === 'list') {
    return (await listBureaus(db)).map((b) => `${b.id}\t${b.name}${b.isOffice ? '（办公室）' : ''}\t${b.color}`).join('\n') || '（暂无部门）';
  }
  if (noun === 'user' && verb === 'add') {
    const username = need(arg, '用户名');
    if (!/^[A-Za-z0-9_.-]{2,32}$/.test(username)) throw new CliError('用户名只能包含字母、数字、下划线、点和连字符，长度 2–32');
    const role = need(values.role, '角色（--role secretary|editor|leader）');
    if (!isRole(role)) throw new CliError(`未知角色“${role}”，可选：secretary（办公室秘书）、editor（部门撰稿人）、leader（领导）`);
    const bureauName = values.bureau;
    const bureau = bureauName ? await findBureau(db, bureauName) : null;
    if (bureauName && !bureau) throw new CliError(`部门“${bureauName}”不存在，请先运行 hegao bureau add ${bureauName}`);
    if (role !== 'leader' && !bureau) throw new CliError('撰稿人和办公室秘书必须指定所属部门（--bureau）');
    if (role === 'secretary' && !bureau?.isOffice) throw new CliError('办公室秘书必须属于办公室（用 bureau add <名称> --office 创建）');
    if (await findUserForLogin(db, username)) throw new CliError(`用户名“${username}”已被使用`);
    const { password, generated } = passwordOf(values.password);
    const user = await createUser(db, {
      username,
      name: need(values.name, '姓名（--name）'),
      role,
      bureauId: bureau?.id ?? null,
      passwordHash: await (await import('./auth/password.js')).hashPassword(password),
    });
    return `已创建账号：${user.username}（${user.name}，${ROLE_LABEL[role]}${bureau ? `，${bureau.name}` : ''}）${generated ? `\n初始密码：${password}` : ''}`;
  }
  if (noun === 'user' && verb === 'list') {
    const bureaus = new Map((await listBureaus(db)).map((b) => [b.id, b.name]));
    return (await listUsers(db))
      .map((u) => `${u.username}\t${u.name}\t${ROLE_LABEL[u.role]}\t${u.bureauId ? (bureaus.get(u.bureauId) ?? '') : ''}${u.disabled ? '\t（已停用）' : ''}`)
      .join('\n') || '（暂无账号）';
  }
  if (noun === 'user' && (verb === 'reset-password' || verb === 'disable' || verb === 'enable')) {
    const username = need(arg, '用户名');
    const found = await findUserForLogin(db, username);
    if (!found) throw new CliError(`账号“${username}”不存在`);
    if (verb === 'reset-password') {
      const { password, generated } = passwordOf(values.password);
      await setPasswordHash(db, found.user.id, await (await import('./auth/password.js')).hashPassword(password));
      await deleteUserSessions(db, found.user.id);
      return `已重置 ${username} 的密码，原有登录已失效${generated ? `\n新密码：${password}` : ''}`;
    }
    await setUserDisabled(db, found.user.id, verb === 'disable');
    if (verb === 'disable') await deleteUserSessions(db, found.user.id);
    return verb === 'disable' ? `已停用账号 ${username}` : `已启用账号 ${username}`;
  }
  throw new CliError(
    [
      '用法：',
      '  hegao org show',
      '  hegao org rename <单位名称>',
      '  hegao bureau add <名称> [--color #RRGGBB] [--office]',
      '  hegao bureau list',
      '  hegao user add <用户名> --name <姓名> --role secretary|editor|leader [--bureau <部门>] [--password <密码>]',
      '  hegao user list',
      '  hegao user reset-password <用户名> [--password <密码>]',
      '  hegao user disable|enable <用户名>',
      '  hegao audit verify [--json]',
    ].join('\n'),
  );
}

function parseArgsMessage(err: Error, code: string): string {
  const option = /'(-{1,2}[^' ]+)/.exec(err.message)?.[1] ?? '';
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') return `未知选项 ${option}，运行 hegao 查看用法`;
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') return `选项 ${option} 缺少取值或取值不正确`;
  return `参数不正确（${option || code}），运行 hegao 查看用法`;
}

const config = loadConfig();
const db = config.databaseUrl ? await openPostgres(config.databaseUrl) : await openSqlite(config.dbFile);
try {
  const out = await run(db, process.argv.slice(2));
  if (out instanceof CliOutcome) {
    process.stdout.write(`${out.text}\n`);
    process.exitCode = out.exitCode;
  } else process.stdout.write(`${out}\n`);
} catch (err) {
  const code = (err as { code?: string }).code ?? '';
  if (err instanceof CliError || code.startsWith('ERR_PARSE_ARGS_')) {
    const message = err instanceof CliError ? err.message : parseArgsMessage(err as Error, code);
    process.stderr.write(`错误：${message}\n`);
    process.exitCode = 2;
  } else throw err;
} finally {
  await db.close();
}
