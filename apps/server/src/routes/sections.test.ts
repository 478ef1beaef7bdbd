/** The approve answer says what 通过 asked about, as the submit answer does (issue 16). */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSession } from '@hegao/storage';
import type { User } from '@hegao/domain';
import { hashToken, newSessionToken } from '../auth/tokens.js';
import { createApp } from '../http/app.js';
import { SESSION_COOKIE } from '../http/middleware.js';
import { workspace, type Workspace } from '../test/workspace.js';

let ws: Workspace;

beforeEach(async () => {
  ws = await workspace();
});

afterEach(async () => {
  await ws.close();
});

async function post(user: User, path: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const token = newSessionToken();
  await createSession(ws.db, hashToken(token), user.id, Date.now() + 3_600_000);
  const res = await createApp(ws.ctx).request(path, { method: 'POST', headers: { cookie: `${SESSION_COOKIE}=${token}` } });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

describe('POST /api/sections/:id/approve', () => {
  it('answers the approved section with the warnings 通过 asks about', async () => {
    const { epidemic, economy } = ws.sections;
    await ws.write(epidemic, '全区累计接种疫苗X万剂次，同比增长X%。');
    await ws.write(economy, '地区生产总值同比增长5.1%。', ws.users.fgj);
    await ws.setStatus('submitted', epidemic, economy);

    const withGaps = await post(ws.users.bgs, `/api/sections/${epidemic.id}/approve`);
    expect(withGaps.status).toBe(200);
    expect(withGaps.body).toMatchObject({ id: epidemic.id, status: 'approved' });
    expect(withGaps.body['warnings']).toEqual([expect.stringMatching(/^本节还有 2 处数据未填写（.*）。$/)]);

    const complete = await post(ws.users.bgs, `/api/sections/${economy.id}/approve`);
    expect(complete.status).toBe(200);
    expect(complete.body['warnings']).toEqual([]);
  });
});
