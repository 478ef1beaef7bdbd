/** The section workflow's answers in the contract's shapes; the approve answer says what 通过 asked about, as the submit answer does (issue 16). */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SECTION_VIEW, SECTION_WITH_WARNINGS } from '@hegao/contract';
import type { User } from '@hegao/domain';
import { requestAs } from '../test/request.js';
import { workspace, type Workspace } from '../test/workspace.js';

let ws: Workspace;

beforeEach(async () => {
  ws = await workspace();
});

afterEach(async () => {
  await ws.close();
});

const send = (user: User, method: string, path: string, json?: unknown) => requestAs(ws, user, method, path, json);

const post = (user: User, path: string) => send(user, 'POST', path);

describe('POST /api/sections/:id/approve', () => {
  it('answers the approved section with the warnings 通过 asks about', async () => {
    const { epidemic, economy } = ws.sections;
    await ws.write(epidemic, '全区累计接种疫苗X万剂次，同比增长X%。');
    await ws.write(economy, '地区生产总值同比增长5.1%。', ws.users.fgj);
    await ws.setStatus('submitted', epidemic, economy);

    const withGaps = await post(ws.users.bgs, `/api/sections/${epidemic.id}/approve`);
    expect(withGaps.status).toBe(200);
    // The contract's answer, field for field.
    expect(SECTION_WITH_WARNINGS.parse(withGaps.body)).toEqual(withGaps.body);
    expect(withGaps.body).toMatchObject({ id: epidemic.id, status: 'approved' });
    expect(withGaps.body['warnings']).toEqual([expect.stringMatching(/^本节还有 2 处数据未填写（.*）。$/)]);

    const complete = await post(ws.users.bgs, `/api/sections/${economy.id}/approve`);
    expect(complete.status).toBe(200);
    expect(complete.body['warnings']).toEqual([]);
  });
});

describe('POST /api/sections/:id/submit', () => {
  it('answers the submitted section with its warnings, in the contract’s shape', async () => {
    const submitted = await post(ws.users.wjj, `/api/sections/${ws.sections.epidemic.id}/submit`);
    expect(submitted.status).toBe(200);
    expect(SECTION_WITH_WARNINGS.parse(submitted.body)).toEqual(submitted.body);
    expect(submitted.body).toMatchObject({ id: ws.sections.epidemic.id, status: 'submitted', statusLabel: '已提交', number: '', level: 0 });
  });
});

describe('PUT /api/sections/:id/assignment', () => {
  it('assigns bureaus, a due date and an instruction, and answers the section', async () => {
    const path = `/api/sections/${ws.sections.economy.id}/assignment`;
    const answer = await send(ws.users.bgs, 'PUT', path, { bureauIds: [ws.users.wjj.bureauId], dueDate: '2020-07-10', instruction: '800字以内' });
    expect(answer.status).toBe(200);
    expect(SECTION_VIEW.parse(answer.body)).toEqual(answer.body);
    expect(answer.body).toMatchObject({ bureaus: [{ id: ws.users.wjj.bureauId, name: '卫健局' }], dueDate: '2020-07-10', instruction: '800字以内' });
  });

  it('refuses a due date that is not on the calendar, in Chinese (the contract’s message)', async () => {
    const path = `/api/sections/${ws.sections.economy.id}/assignment`;
    const refused = await send(ws.users.bgs, 'PUT', path, { bureauIds: [ws.users.wjj.bureauId], dueDate: '2020-02-30' });
    expect(refused.status).toBe(400);
    expect(refused.body).toMatchObject({ error: 'invalid_body', message: expect.stringContaining('截止日期无效：日历上没有这一天') });
  });
});

describe('POST /api/sections/:id/return', () => {
  it('answers the returned section, with its reason, in the contract’s shape', async () => {
    const { epidemic } = ws.sections;
    await ws.setStatus('submitted', epidemic);
    const returned = await send(ws.users.bgs, 'POST', `/api/sections/${epidemic.id}/return`, { reason: '请补充6月底的数据' });
    expect(returned.status).toBe(200);
    expect(SECTION_VIEW.parse(returned.body)).toEqual(returned.body);
    expect(returned.body).toMatchObject({ id: epidemic.id, status: 'returned', returnReason: '请补充6月底的数据' });
  });

  it('refuses a reason the contract refuses, with the contract’s and the route’s Chinese messages', async () => {
    const { epidemic } = ws.sections;
    await ws.setStatus('submitted', epidemic);
    const path = `/api/sections/${epidemic.id}/return`;
    expect((await send(ws.users.bgs, 'POST', path, { reason: '字'.repeat(501) })).body).toEqual({ error: 'invalid_body', message: '退回理由不能超过500字' });
    expect((await send(ws.users.bgs, 'POST', path, {})).body).toMatchObject({ error: 'invalid_body', message: '请填写退回理由' });
    expect((await send(ws.users.bgs, 'POST', path, { reason: 42 })).body).toMatchObject({ error: 'invalid_body', message: '退回理由应为文字' });
    // An empty reason passes the body check; the command refuses it in the domain's words.
    expect((await send(ws.users.bgs, 'POST', path, { reason: '  ' })).body).toMatchObject({ message: '请填写退回理由' });
  });
});
