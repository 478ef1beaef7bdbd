import { REMIND_RESULT } from '@hegao/contract';
import { describe, expect, it, vi } from 'vitest';
import { ApiError } from './ApiError';
import { createOfficeApi } from './officeApi';
import { fakeFetch, json } from './testFetch';

describe('createOfficeApi', () => {
  it('sends outline edits as JSON with their methods and encoded paths', async () => {
    const { fetch, calls } = fakeFetch(json(200, { id: 's 1' }), json(200, { id: 's 1' }), json(200, { id: 's 1' }), json(201, { id: 'n' }));
    const api = createOfficeApi({ fetch });
    await api.updateSection('s 1', { title: '疫情防控' });
    await api.moveSection('s 1', { parentId: null, index: 2 });
    await api.assignSection('s 1', { bureauIds: ['b1'], dueDate: null, instruction: '' });
    await api.addSection('r1', { title: '新章节', parentId: 'p', index: 0 });
    expect(calls.map((c) => `${c.init.method} ${c.url}`)).toEqual([
      'PATCH /api/sections/s%201',
      'POST /api/sections/s%201/move',
      'PUT /api/sections/s%201/assignment',
      'POST /api/reports/r1/sections',
    ]);
    for (const call of calls) {
      expect((call.init.headers as Record<string, string>)['Content-Type']).toBe('application/json');
      expect(call.init.credentials).toBe('same-origin');
    }
    expect(JSON.parse(String(calls[1]?.init.body))).toEqual({ parentId: null, index: 2 });
  });

  it('deletes without a body, and with ?confirm=1 once confirmed', async () => {
    const { fetch, calls } = fakeFetch(
      json(409, { error: 'confirm_required', message: '该章节已有内容（12字），确认删除吗？删除后可在历史中查看。', chars: 12 }),
      json(200, { deletedIds: ['s1'], chars: 12 }),
    );
    const api = createOfficeApi({ fetch });
    const refused = await api.deleteSection('s1').catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(ApiError);
    expect([(refused as ApiError).status, (refused as ApiError).code]).toEqual([409, 'confirm_required']);
    expect((refused as ApiError).message).toMatch(/确认删除/);
    await expect(api.deleteSection('s1', true)).resolves.toEqual({ deletedIds: ['s1'], chars: 12 });
    expect(calls.map((c) => `${c.init.method} ${c.url}`)).toEqual(['DELETE /api/sections/s1', 'DELETE /api/sections/s1?confirm=1']);
    expect(calls[0]?.init.body).toBeUndefined();
  });

  it('lists the templates with their ids and sources, and creates a report by template id', async () => {
    const templates = [
      { id: 'half_year', kind: 'half_year', name: '上半年工作总结及下半年工作计划', source: '按某区2020年上半年工作总结及下半年工作计划的结构', titlePattern: '', periodPattern: '', sectionCount: 21, outline: [] },
      { id: 'half_year_city', kind: 'half_year', name: '上半年工作总结（分领域平列）', source: '按某市2020年上半年工作总结的结构', titlePattern: '', periodPattern: '', sectionCount: 7, outline: [] },
    ];
    const { fetch, calls } = fakeFetch(json(200, templates), json(201, { id: 'r9', sections: [] }));
    const api = createOfficeApi({ fetch });
    expect((await api.listTemplates()).map((t) => [t.id, t.kind, t.source])).toEqual(templates.map((t) => [t.id, t.kind, t.source]));
    await api.createReport({ templateId: 'half_year_city', title: '示例市2031年上半年工作总结', period: '2031年上半年', dueDate: '2031-07-10' });
    expect(calls.map((c) => `${c.init.method} ${c.url}`)).toEqual(['GET /api/templates', 'POST /api/reports']);
    expect(JSON.parse(String(calls[1]?.init.body))).toEqual({ templateId: 'half_year_city', title: '示例市2031年上半年工作总结', period: '2031年上半年', dueDate: '2031-07-10' });
  });

  it('tells about an expired session and rejects malformed answers', async () => {
    const onUnauthorized = vi.fn();
    const { fetch } = fakeFetch(json(401, { error: 'unauthenticated', message: '请先登录' }), json(200, { rows: [] }), json(200, {}));
    const api = createOfficeApi({ fetch, onUnauthorized });
    await expect(api.listBureaus()).rejects.toMatchObject({ status: 401, message: '请先登录' });
    expect(onUnauthorized).toHaveBeenCalledTimes(1);
    await expect(api.listTemplates()).rejects.toMatchObject({ code: 'invalid_response' });
    await expect(api.getBoard('r1')).rejects.toMatchObject({ code: 'invalid_response' });
  });

  it('posts 催办 without fields and resolves with when it was recorded', async () => {
    const reminded = { sectionId: 's1', remindedAt: '2026-12-06T06:05:00.000Z', nextAt: '2026-12-06T07:05:00.000Z', notified: 2 };
    const { fetch, calls } = fakeFetch(json(200, reminded));
    const done = await createOfficeApi({ fetch }).remindSection('s1');
    expect(REMIND_RESULT.parse(done)).toEqual(reminded);
    expect(`${calls[0]?.init.method} ${calls[0]?.url}`).toBe('POST /api/sections/s1/remind');
    expect(JSON.parse(String(calls[0]?.init.body))).toEqual({});
  });
});
