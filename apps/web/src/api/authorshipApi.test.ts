import { describe, expect, it } from 'vitest';
import { authorshipSearch, createAuthorshipApi } from './authorshipApi';
import { fakeFetch, json, rejection } from './testFetch';

const answer = {
  text: '第一段\n第二段',
  spans: [
    { start: 0, end: 3, user: { id: 'u1', username: 'wjj', name: '张卫民', color: 'hsl(6, 55%, 30%)' }, bureau: { id: 'b1', name: '卫健局' }, at: '2026-12-03T06:05:00.000Z' },
    { start: 4, end: 7, user: { id: 'u2', username: 'qz', name: '王区长', color: 'hsl(282, 62%, 38%)' }, bureau: null, at: '2026-12-03T07:00:00.000Z' },
  ],
};

describe('createAuthorshipApi', () => {
  it('reads a section’s authorship with GET, now or at a given time, and the final draft’s', async () => {
    const { fetch, calls } = fakeFetch(json(200, answer), json(200, answer), json(200, answer));
    const client = createAuthorshipApi({ fetch });
    await expect(client.getAuthorship('s 1')).resolves.toEqual(answer);
    await expect(client.getAuthorship('s1', { at: '2026-12-03T06:00:00+08:00' })).resolves.toEqual(answer);
    await expect(client.getFinalAuthorship('r1')).resolves.toEqual(answer);
    expect(calls.map((c) => [c.url, c.init.method])).toEqual([
      ['/api/sections/s%201/authorship', 'GET'],
      ['/api/sections/s1/authorship?at=2026-12-03T06%3A00%3A00%2B08%3A00', 'GET'],
      ['/api/reports/r1/final/authorship', 'GET'],
    ]);
  });

  it('asks for the deleted runs with deleted=1, after the moment when there is one', async () => {
    const { fetch, calls } = fakeFetch(json(200, { ...answer, deleted: [] }));
    await createAuthorshipApi({ fetch }).getAuthorship('s1', { at: '2026-12-03T06:00:00Z', deleted: true });
    expect(calls[0]!.url).toBe('/api/sections/s1/authorship?at=2026-12-03T06%3A00%3A00Z&deleted=1');
    expect(authorshipSearch({ deleted: true })).toBe('?deleted=1');
    expect(authorshipSearch({ deleted: false })).toBe('');
  });

  it('rejects an unrecognised answer and passes on the server’s refusal', async () => {
    const { fetch } = fakeFetch(json(200, { text: 'x', spans: [{ start: 'a' }] }), json(403, { error: 'forbidden', message: '无权查看本节' }));
    const client = createAuthorshipApi({ fetch });
    expect(await rejection(client.getAuthorship('s1'))).toMatchObject({ code: 'invalid_response' });
    expect(await rejection(client.getAuthorship('s1'))).toMatchObject({ status: 403, message: '无权查看本节' });
  });
});
