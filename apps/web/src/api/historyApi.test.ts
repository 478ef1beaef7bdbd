import { describe, expect, it } from 'vitest';
import { createHistoryApi } from './historyApi';
import { fakeFetch, json, rejection } from './testFetch';

describe('createHistoryApi', () => {
  it('lists a report’s history and reads a section’s stored text with GET', async () => {
    const entry = { id: 3, at: '2020-07-01T08:00:00.000Z', type: 'section.submit', actor: null, sectionId: 's1', sectionTitle: '疫情防控', reason: null, detail: {} };
    const text = { id: 's 1', reportId: 'r1', title: '疫情防控', deletedAt: null, text: '正文', chars: 2 };
    const { fetch, calls } = fakeFetch(json(200, [entry]), json(200, text));
    const client = createHistoryApi({ fetch });
    await expect(client.listHistory('r 1')).resolves.toEqual([entry]);
    await expect(client.getSectionText('s 1')).resolves.toEqual(text);
    expect(calls.map((c) => [c.url, c.init.method])).toEqual([
      ['/api/reports/r%201/history', 'GET'],
      ['/api/sections/s%201/text', 'GET'],
    ]);
  });

  it('rejects an unrecognised answer and passes on the server’s refusal', async () => {
    const entry = { id: 3, at: '2020-07-01T08:00:00.000Z', type: 'section.submit', actor: null, sectionId: 's1', sectionTitle: null, reason: null, detail: {} };
    const { fetch } = fakeFetch(
      json(200, { not: 'a list' }),
      // Not the contract's entry: a string number, an actor without a bureau.
      json(200, [{ ...entry, id: '3' }]),
      json(200, [{ ...entry, actor: { id: 'u1', name: '李文静' } }]),
      json(200, { id: 's1', title: '疫情防控', text: '正文' }),
      json(404, { error: 'not_found', message: '章节不存在' }),
    );
    const client = createHistoryApi({ fetch });
    expect(await rejection(client.listHistory('r1'))).toMatchObject({ code: 'invalid_response' });
    expect(await rejection(client.listHistory('r1'))).toMatchObject({ code: 'invalid_response' });
    expect(await rejection(client.listHistory('r1'))).toMatchObject({ code: 'invalid_response' });
    expect(await rejection(client.getSectionText('s1'))).toMatchObject({ code: 'invalid_response' });
    expect(await rejection(client.getSectionText('x'))).toMatchObject({ status: 404, message: '章节不存在' });
  });
});
