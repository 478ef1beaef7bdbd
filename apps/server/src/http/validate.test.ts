import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { zhCN } from 'zod/locales';
import type { User } from '@hegao/domain';
import type { AppContext } from '../context.js';
import { authRoutes } from '../routes/auth.js';
import { collabRoutes } from '../routes/collab.js';
import { commentsRoutes } from '../routes/comments.js';
import { finalDraftRoutes } from '../routes/finalDraft.js';
import { outlineRoutes } from '../routes/outline.js';
import { sectionRoutes } from '../routes/sections.js';
import { templateRoutes } from '../routes/templates.js';
import { ApiError } from './ApiError.js';
import type { HonoEnv } from './env.js';
import { reasonText } from '@hegao/contract';
import { FIELD_LABELS, issueMessage, validate } from './validate.js';

// As in production (app.ts): the zod locale is Chinese; the messages below must not depend on it.
z.config(zhCN());

/**
 * The real routes, with a signed-in secretary and no store: every case below is refused by
 * `readBody` before a handler touches the context.
 */
const app = new Hono<HonoEnv>()
  .use(async (c, next) => {
    c.set('ctx', {} as AppContext);
    c.set('user', { id: 'u1', username: 'bgs', name: '办公室', role: 'secretary', bureauId: null, disabled: false } as unknown as User);
    await next();
  })
  .route('/', authRoutes)
  .route('/', sectionRoutes)
  .route('/', templateRoutes)
  .route('/', outlineRoutes)
  .route('/', finalDraftRoutes)
  .route('/', commentsRoutes)
  .route('/', collabRoutes);
app.onError((err, c) => {
  if (err instanceof ApiError) return c.json({ error: err.code, message: err.message }, err.status);
  throw err;
});

/** ASCII letters allowed in a message: only the date format token. */
const ALLOWED_ASCII = /YYYY-MM-DD/g;

async function refusal(method: string, path: string, body: unknown): Promise<{ status: number; error: string; message: string; keys: string[] }> {
  const res = await app.request(path, {
    method,
    headers: { 'content-type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const json = (await res.json()) as { error: string; message: string };
  return { status: res.status, error: json.error, message: json.message, keys: Object.keys(json).sort() };
}

/** Asserts a 400 invalid_body with exactly `message`, in Chinese, with no ASCII word leaking. */
async function expectMessage(method: string, path: string, body: unknown, message: string | RegExp): Promise<void> {
  const got = await refusal(method, path, body);
  expect(got.status, got.message).toBe(400);
  expect(got.error).toBe('invalid_body');
  expect(got.keys).toEqual(['error', 'message']);
  if (typeof message === 'string') expect(got.message).toBe(message);
  else expect(got.message).toMatch(message);
  expect(got.message.replace(ALLOWED_ASCII, ''), `ASCII leaked into ${got.message}`).not.toMatch(/[A-Za-z]/);
  expect(got.message).toMatch(/[\u4e00-\u9fff]/);
}

describe('readBody: Chinese validation messages on the real routes', () => {
  it('login: missing, empty, too long and wrongly typed username and password', async () => {
    const login = (body: unknown, message: string) => expectMessage('POST', '/auth/login', body, message);
    await login({}, '请填写用户名');
    await login({ password: 'x' }, '请填写用户名');
    await login({ username: '   ', password: 'x' }, '请填写用户名');
    await login({ username: 'wjj' }, '请填写密码');
    await login({ username: 'wjj', password: '' }, '请填写密码');
    await login({ username: 'w'.repeat(65), password: 'x' }, '用户名不能超过64个字');
    await login({ username: 'wjj', password: 'x'.repeat(257) }, '密码不能超过256个字');
    await login({ username: 42, password: 'x' }, '用户名应为文字');
    await login({ username: null, password: 'x' }, '请填写用户名');
    await login([], '请求体应为对象');
    await login('null', '请求体应为对象');
    await login('"wjj"', '请求体应为对象');
  });

  it('section workflow: return reason and assignment', async () => {
    await expectMessage('POST', '/sections/s1/return', {}, '请填写退回理由');
    await expectMessage('POST', '/sections/s1/return', { reason: 7 }, '退回理由应为文字');
    // The domain's limit: 500 characters (501 used to pass the body check, up to 2000).
    await expectMessage('POST', '/sections/s1/return', { reason: '字'.repeat(501) }, '退回理由不能超过500字');
    await expectMessage('POST', '/sections/s1/return', { reason: '字'.repeat(2001) }, '退回理由不能超过500字');
    const assign = (body: unknown, message: string) => expectMessage('PUT', '/sections/s1/assignment', body, message);
    await assign({}, '请选择部门');
    await assign({ bureauIds: 'nyj' }, '部门应为列表');
    await assign({ bureauIds: ['b1', ''] }, '请填写部门第2项');
    await assign({ bureauIds: Array.from({ length: 51 }, (_, i) => `b${i}`) }, '部门不能超过50项');
    await assign({ bureauIds: ['b1'], dueDate: '10/07/2020' }, '截止日期格式应为 YYYY-MM-DD');
    await assign({ bureauIds: ['b1'], dueDate: 20200710 }, '截止日期应为文字');
    await assign({ bureauIds: ['b1'], instruction: '字'.repeat(2001) }, '写作要求不能超过2000个字');
  });

  it('creating a report: template, title, period and due date', async () => {
    const good = { templateKind: 'work_points', title: '测试区2031年工作要点', period: '2031年', dueDate: '2031-07-10' };
    const create = (body: unknown, message: string) => expectMessage('POST', '/reports', body, message);
    await create({ ...good, templateKind: undefined }, '请选择报告模板');
    await create({ ...good, templateKind: undefined, templateId: 12 }, '报告模板应为文字');
    await create({ ...good, title: undefined }, '请填写报告标题');
    await create({ ...good, title: '   ' }, '报告标题不能为空');
    await create({ ...good, title: '长'.repeat(101) }, '报告标题不能超过100个字');
    await create({ ...good, title: 2031 }, '报告标题应为文字');
    await create({ ...good, period: '' }, '报告期不能为空');
    await create({ ...good, dueDate: undefined }, '请填写截止日期');
    await create({ ...good, dueDate: null }, '请填写截止日期');
    await create({ ...good, dueDate: '2031/07/10' }, '截止日期格式应为 YYYY-MM-DD');
    await create({ ...good, dueDate: '2031-02-30' }, '截止日期无效：日历上没有这一天');
  });

  it('the unknown template lists the templates by name, with the code a program may send', async () => {
    const got = await refusal('POST', '/reports', { templateKind: 'custom', title: '标题', period: '2031年', dueDate: '2031-07-10' });
    expect([got.status, got.error]).toEqual([400, 'invalid_body']);
    expect(got.message).toBe(
      '未知的报告模板，可选：上半年工作总结及下半年工作计划（half_year）、上半年工作总结（分领域平列）（half_year_city）、上半年总结及下半年打算（区政府）（half_year_government）、年度工作要点（work_points）、全会讲话（plenum_speech）',
    );
    const byId = await refusal('POST', '/reports', { templateId: 'nonsense', title: '标题', period: '2031年', dueDate: '2031-07-10' });
    expect(byId.message).toMatch(/^未知的报告模板，可选：/);
    const both = await refusal('POST', '/reports', { templateId: 'half_year_city', templateKind: 'work_points', title: '标题', period: '2031年', dueDate: '2031-07-10' });
    expect([both.status, both.error, both.message]).toEqual([400, 'invalid_body', '指定的报告模板前后不一致：“上半年工作总结（分领域平列）”与“年度工作要点”，请只选择一个模板']);
  });

  it('outline editing: title, position, parent, due date, unknown fields', async () => {
    await expectMessage('POST', '/reports/r1/sections', { parentId: null }, '请填写章节标题');
    await expectMessage('POST', '/reports/r1/sections', { title: ' ', parentId: null }, '章节标题不能为空');
    await expectMessage('POST', '/reports/r1/sections', { title: '新章节', parentId: '' }, '请指定上级章节');
    await expectMessage('POST', '/reports/r1/sections', { title: '新章节', numbered: 'yes' }, '是否编号应为是或否（布尔值）');
    await expectMessage('POST', '/reports/r1/sections', { title: '新章节', index: 10_001 }, '位置不能大于10000');
    await expectMessage('POST', '/reports/r1/sections', { title: '新章节', index: -1 }, '位置不能为负数');
    await expectMessage('PATCH', '/sections/s1', { title: '' }, '章节标题不能为空');
    await expectMessage('PATCH', '/sections/s1', { dueDate: '明天' }, '截止日期格式应为 YYYY-MM-DD');
    await expectMessage('PATCH', '/sections/s1', { instruction: '字'.repeat(2001) }, '写作要求不能超过2000个字');
    await expectMessage('PATCH', '/sections/s1', { parentId: null }, '请求体中有不能在这里提交的字段：上级章节');
    await expectMessage('PATCH', '/sections/s1', { bureauIds: [], parentId: null }, '请求体中有不能在这里提交的字段：部门、上级章节');
    await expectMessage('POST', '/sections/s1/move', { parentId: null }, '请指定位置');
    await expectMessage('POST', '/sections/s1/move', { index: 0 }, '请指定上级章节');
    await expectMessage('POST', '/sections/s1/move', { parentId: null, index: 1.5 }, '位置应为整数');
    await expectMessage('POST', '/sections/s1/move', { parentId: null, index: '1' }, '位置应为数字');
  });

  it('an unknown field nobody labelled is named as sent', async () => {
    const got = await refusal('PATCH', '/sections/s1', { colour: 'red' });
    expect([got.status, got.error, got.message]).toEqual([400, 'invalid_body', '请求体中有不能在这里提交的字段：“colour”']);
  });

  it('unlock, comments and collab tokens', async () => {
    await expectMessage('POST', '/reports/r1/unlock', { reason: 5 }, '解锁理由应为文字');
    await expectMessage('POST', '/reports/r1/unlock', { reason: '字'.repeat(501) }, '解锁理由不能超过500字');
    await expectMessage('POST', '/comments/c1/replies', {}, '请填写批注内容');
    await expectMessage('POST', '/comments/c1/replies', { body: '  ' }, '批注内容不能为空');
    await expectMessage('POST', '/comments/c1/replies', { body: '字'.repeat(2001) }, '批注内容不能超过 2000 个字符');
    await expectMessage('POST', '/comments/c1/replies', { body: ['意见'] }, '批注内容应为文字');
    await expectMessage('POST', '/collab/token', {}, '请填写文档名称');
    await expectMessage('POST', '/collab/token', { docName: '' }, '请填写文档名称');
    await expectMessage('POST', '/collab/token', { docName: 7 }, '文档名称应为文字');
    await expectMessage('POST', '/collab/token', { docName: 'x'.repeat(201) }, '文档名称不能超过200个字');
  });

  it('bodies that are not JSON keep their own codes', async () => {
    const got = await refusal('POST', '/auth/login', '{"username":');
    expect([got.status, got.error, got.message]).toEqual([400, 'invalid_json', '请求体不是合法的 JSON']);
  });
});

describe('issueMessage / validate', () => {
  const Comment = z.object({
    body: z.string().min(1),
    anchor: z.object({ from: z.string().min(1), to: z.string().max(4) }).nullable().optional(),
    kind: z.enum(['批示', '批注']).optional(),
    code: z.enum(['a', 'b']).optional(),
    count: z.number().min(2).max(5).optional(),
    tags: z.array(z.string()).min(2).optional(),
    when: z.iso.date().optional(),
  });
  const labels = { ...FIELD_LABELS, kind: '类别', code: '代码', count: '数量', tags: '标签', when: '日期' };
  const message = (value: unknown): string => {
    try {
      validate(Comment, value, labels);
    } catch (err) {
      expect(err).toBeInstanceOf(ApiError);
      expect((err as ApiError).status).toBe(400);
      expect((err as ApiError).code).toBe('invalid_body');
      expect(Array.isArray((err as ApiError).details)).toBe(true);
      return (err as ApiError).message;
    }
    throw new Error('expected a refusal');
  };

  it('names nested fields and list items by their labels', () => {
    expect(message({ body: 'x', anchor: { to: 'x' } })).toBe('请填写批注起点');
    expect(message({ body: 'x', anchor: { from: 'x', to: 'xxxxx' } })).toBe('批注终点不能超过4个字');
    expect(message({ body: 'x', anchor: 'x' })).toBe('批注位置应为对象');
    expect(message({ body: 'x', tags: ['a'] })).toBe('标签至少要有2项');
    expect(message({ body: 'x', tags: ['a', 1] })).toBe('标签第2项应为文字');
  });

  it('translates enums, numbers and ISO dates', () => {
    expect(message({ body: 'x', kind: '意见' })).toBe('类别的取值不在允许范围内，可选：批示、批注');
    expect(message({ body: 'x', code: 'c' })).toBe('代码的取值不在允许范围内');
    expect(message({ body: 'x', count: 1 })).toBe('数量不能小于2');
    expect(message({ body: 'x', count: 6 })).toBe('数量不能大于5');
    expect(message({ body: 'x', when: '2020-7-1' })).toBe('日期格式应为 YYYY-MM-DD');
  });

  it('a key without a label is still Chinese', () => {
    expect(issueMessage({ code: 'invalid_type', path: ['mystery'], expected: 'string', input: undefined })).toBe('请填写请求中的某项内容');
    expect(issueMessage({ code: 'too_big', path: ['mystery'], origin: 'string', maximum: 3 })).toBe('请求中的某项内容不能超过3个字');
  });

  it('a reason is limited as the domain limits it: 500 characters after trimming, rare characters counting once', () => {
    const Reason = z.object({ reason: reasonText('退回理由') });
    const accepted = (reason: string) => validate(Reason, { reason }).reason;
    const refusedWith = (reason: string) => {
      try {
        validate(Reason, { reason });
      } catch (err) {
        return [(err as ApiError).code, (err as ApiError).message];
      }
      return null;
    };
    expect(accepted('字'.repeat(500))).toHaveLength(500);
    // Whitespace around it is not counted (the domain trims), nor is a character outside the BMP counted twice.
    expect(accepted(`  ${'字'.repeat(500)}\n`)).toHaveLength(503);
    expect(accepted('𠀀'.repeat(500))).toHaveLength(1000);
    expect(refusedWith('字'.repeat(501))).toEqual(['invalid_body', '退回理由不能超过500字']);
    expect(refusedWith('𠀀'.repeat(501))).toEqual(['invalid_body', '退回理由不能超过500字']);
    // Whether there is a reason at all is the command's to say (「请填写退回理由」, 400 invalid).
    expect(accepted('  ')).toBe('  ');
  });

  it('every label is Chinese', () => {
    for (const entry of Object.values(FIELD_LABELS)) {
      const texts = typeof entry === 'string' ? [entry] : [entry.label, entry.required ?? ''];
      for (const text of texts) expect(text).not.toMatch(/[A-Za-z]/);
    }
  });
});
