/** The authorship and text-history routes read their queries and the restore body with the contract's schemas (issue 16). */
import { AUTHORSHIP, SECTION_DIFF } from '@hegao/contract';
import type { User } from '@hegao/domain';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
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

describe('GET /api/sections/:id/authorship', () => {
  it('answers the contract’s authorship, empty parameters counting as absent', async () => {
    const { epidemic } = ws.sections;
    const now = await send(ws.users.bgs, 'GET', `/api/sections/${epidemic.id}/authorship?at=&seq=&deleted=1`);
    expect(now.status).toBe(200);
    expect(AUTHORSHIP.parse(now.body)).toEqual(now.body);
    expect(now.body['deleted']).toEqual([]);
    const empty = await send(ws.users.bgs, 'GET', `/api/sections/${epidemic.id}/authorship?seq=0`);
    expect(empty.body).toEqual({ text: '', spans: [] });
  });

  it('refuses a bad query with the code of what was wrong and the contract’s message', async () => {
    const path = `/api/sections/${ws.sections.epidemic.id}/authorship`;
    const cases: Array<[string, string, string]> = [
      ['?at=yesterday', 'invalid_at', '时间格式不正确，应为 ISO 8601，例如 2026-12-03T14:05:00+08:00'],
      ['?seq=-1', 'invalid_seq', '参数 seq 应为非负整数（修改记录中的序号）'],
      ['?deleted=yes', 'invalid_query', 'deleted 只能为 0 或 1'],
      ['?seq=1&at=2026-12-03T14:05:00Z', 'invalid_query', 'at 与 seq 只能给出一个'],
    ];
    for (const [query, error, message] of cases) {
      const answer = await send(ws.users.bgs, 'GET', `${path}${query}`);
      expect([query, answer.status, answer.body]).toEqual([query, 400, { error, message }]);
    }
  });
});

describe('GET /api/sections/:id/diff and POST /api/sections/:id/restore', () => {
  it('reads the range with DIFF_RANGE and the body with RESTORE_REQUEST', async () => {
    const path = `/api/sections/${ws.sections.epidemic.id}`;
    const diff = await send(ws.users.bgs, 'GET', `${path}/diff?from=0`);
    expect(diff.status).toBe(200);
    expect(SECTION_DIFF.parse(diff.body)).toEqual(diff.body);

    expect((await send(ws.users.bgs, 'GET', `${path}/diff`)).body).toEqual({ error: 'invalid_seq', message: '请给出对比的起点 from（修改记录中的序号）' });
    expect((await send(ws.users.bgs, 'GET', `${path}/diff?from=0&to=now`)).body).toEqual({ error: 'invalid_seq', message: '参数 to 应为非负整数（修改记录中的序号）' });

    const bad = await send(ws.users.wjj, 'POST', `${path}/restore`, { seq: 1.5 });
    expect([bad.status, bad.body['error'], bad.body['message']]).toEqual([400, 'invalid_body', '请给出要恢复到的时间点 seq（修改记录中的序号，非负整数）']);
  });
});
