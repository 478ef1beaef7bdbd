import { describe, expect, it } from 'vitest';
import { createSectionHistoryApi } from './sectionHistoryApi';
import { fakeFetch, json, rejection } from './testFetch';

const user = { id: 'u1', username: 'wjj', name: '张卫民', color: 'hsl(6, 55%, 30%)' };

describe('createSectionHistoryApi', () => {
  it('reads the timeline (dropping entries of unknown kinds), the text at a seq and a diff with GET', async () => {
    const edit = { kind: 'edit', user, bureau: null, from: '2026-12-03T06:05:00Z', to: '2026-12-03T06:32:00Z', fromSeq: 1, toSeq: 9, added: 120, removed: 8 };
    const event = { kind: 'event', type: 'section.submit', user, at: '2026-12-03T06:40:00Z', seq: 9 };
    // A kind this client does not know, and a session without its counts, are dropped.
    const { added: _added, ...uncounted } = edit;
    const timeline = { sectionId: 's 1', entries: [event, { kind: 'vote', at: 'x' }, uncounted, edit] };
    const text = { text: '上半年', spans: [{ start: 0, end: 3, user, bureau: null, at: '2026-12-03T06:05:00Z' }] };
    const diff = { from: { seq: 1, at: null }, to: { seq: 9, at: null }, parts: [{ kind: 'insert', text: '上半年', user }] };
    const { fetch, calls } = fakeFetch(json(200, timeline), json(200, text), json(200, diff), json(200, diff));
    const client = createSectionHistoryApi({ fetch });
    expect((await client.getTimeline('s 1')).entries).toEqual([event, edit]);
    await expect(client.getTextAt('s 1', 9)).resolves.toEqual(text);
    await expect(client.getDiff('s 1', 1, 9)).resolves.toEqual(diff);
    await client.getDiff('s 1', 4);
    expect(calls.map((c) => [c.url, c.init.method])).toEqual([
      ['/api/sections/s%201/timeline', 'GET'],
      ['/api/sections/s%201/authorship?seq=9', 'GET'],
      ['/api/sections/s%201/diff?from=1&to=9', 'GET'],
      ['/api/sections/s%201/diff?from=4', 'GET'],
    ]);
  });

  it('restores with POST {seq} and passes on the server’s refusal', async () => {
    const { fetch, calls } = fakeFetch(json(200, { seq: 12, text: '旧文' }), json(403, { error: 'forbidden', message: '您当前不能修改本节' }));
    const client = createSectionHistoryApi({ fetch });
    await expect(client.restore('s1', 5)).resolves.toEqual({ seq: 12, text: '旧文' });
    expect(calls[0]!.init.method).toBe('POST');
    expect(calls[0]!.init.body).toBe(JSON.stringify({ seq: 5 }));
    expect(await rejection(client.restore('s1', 5))).toMatchObject({ status: 403, message: '您当前不能修改本节' });
  });

  it('refuses answers of the wrong shape', async () => {
    const point = { seq: 0, at: null };
    const { fetch } = fakeFetch(
      json(200, { entries: 'no' }),
      json(200, { from: point, to: point, parts: [{ kind: 'moved', text: 'x' }] }),
      json(200, { parts: [] }),
      json(200, { seq: 3 }),
    );
    const client = createSectionHistoryApi({ fetch });
    expect(await rejection(client.getTimeline('s1'))).toMatchObject({ code: 'invalid_response' });
    expect(await rejection(client.getDiff('s1', 0))).toMatchObject({ code: 'invalid_response' });
    // A diff without its points, a restore answer without the text.
    expect(await rejection(client.getDiff('s1', 0))).toMatchObject({ code: 'invalid_response' });
    expect(await rejection(client.restore('s1', 3))).toMatchObject({ code: 'invalid_response' });
  });
});
