import { describe, expect, it, vi } from 'vitest';
import { NETWORK_ERROR_MESSAGE } from './ApiError';
import { OfficeEditsError, createFinalApi } from './finalApi';
import { fakeFetch, json, rejection } from './testFetch';

const sha = 'ab'.repeat(32);

describe('createFinalApi', () => {
  it('merges with a JSON POST and returns the changes', async () => {
    const answer = { finalDocName: 'final-r1', remerge: true, changed: [{ sectionId: 's1', title: '疫情防控', before: 'a', after: 'b', officeText: null, resolution: null, paragraphs: null }] };
    const { fetch, calls } = fakeFetch(json(200, answer));
    await expect(createFinalApi({ fetch }).merge('r 1')).resolves.toEqual(answer);
    expect(calls[0]?.url).toBe('/api/reports/r%201/merge');
    expect(calls[0]?.init.method).toBe('POST');
    expect(calls[0]?.init.credentials).toBe('same-origin');
    expect((calls[0]?.init.headers as Record<string, string>)['Content-Type']).toBe('application/json');
    expect(calls[0]?.init.body).toBe('{}');
  });

  it("rejects a refused merge with the server's message", async () => {
    const message = '还有1节未通过审核：“（二）疫情防控”，不能合稿';
    const { fetch } = fakeFetch(json(409, { error: 'conflict', message }));
    const error = await rejection(createFinalApi({ fetch }).merge('r1'));
    expect(error).toMatchObject({ status: 409, code: 'conflict', message });
  });

  it('sends the decisions on the office’s edits, and rejects a re-merge that needs them with the edits to decide on', async () => {
    const edit = { sectionId: 's1', title: '疫情防控', before: '甲', after: '乙', officeText: '甲（办公室润色）' };
    const message = '有1节在合稿后被办公室修改过：“（一）疫情防控”。重新合稿会用章节的新内容替换这些修改，请逐节选择“替换”或“保留合稿中的修改”后再合稿';
    const answer = { finalDocName: 'final-r1', remerge: true, changed: [{ ...edit, officeText: edit.officeText, resolution: 'replace', paragraphs: null }] };
    const { fetch, calls } = fakeFetch(json(409, { error: 'office_edits', message, conflicts: [edit] }), json(200, answer), json(409, { error: 'office_edits', message }));
    const client = createFinalApi({ fetch });
    const error = await rejection(client.merge('r1'));
    expect(error).toBeInstanceOf(OfficeEditsError);
    expect(error).toMatchObject({ status: 409, code: 'office_edits', message, edits: [edit] });
    await expect(client.merge('r1', { s1: 'replace' })).resolves.toEqual(answer);
    expect(JSON.parse(String(calls[1]?.init.body))).toEqual({ resolve: { s1: 'replace' } });
    // Without a readable list it is an ordinary refusal with the server's message.
    const plain = await rejection(client.merge('r1'));
    expect(plain).not.toBeInstanceOf(OfficeEditsError);
    expect(plain).toMatchObject({ code: 'office_edits', message });
  });

  it('locks and unlocks with a reason', async () => {
    const { fetch, calls } = fakeFetch(json(200, { version: 2, sha256: sha }), json(200, { version: 2, status: 'merging' }));
    const client = createFinalApi({ fetch });
    await expect(client.lock('r1')).resolves.toEqual({ version: 2, sha256: sha });
    await expect(client.unlock('r1', '补充数据')).resolves.toEqual({ version: 2, status: 'merging' });
    expect(calls.map((c) => c.url)).toEqual(['/api/reports/r1/lock', '/api/reports/r1/unlock']);
    expect(JSON.parse(String(calls[1]?.init.body))).toEqual({ reason: '补充数据' });
  });

  it('reads versions and one version with GET', async () => {
    const version = { version: 1, sha256: sha, lockedBy: { id: 'u', name: '李' }, lockedAt: '2020-07-05T06:00:00Z', unlockedBy: null, unlockedAt: null, unlockReason: null, chainHead: null, chainSeq: null };
    const { fetch, calls } = fakeFetch(json(200, [version]), json(200, { ...version, content: { type: 'doc' }, text: '', verified: true }));
    const client = createFinalApi({ fetch });
    await expect(client.listVersions('r1')).resolves.toEqual([version]);
    await expect(client.getVersion('r1', 1)).resolves.toMatchObject({ verified: true });
    expect(calls.map((c) => [c.url, c.init.method])).toEqual([
      ['/api/reports/r1/versions', 'GET'],
      ['/api/reports/r1/versions/1', 'GET'],
    ]);
    expect(calls[0]?.init.body).toBeUndefined();
  });

  it('compares two versions, or a version and the current draft, with GET', async () => {
    const user = { id: 'u1', username: 'bgs', name: '李文静', color: 'hsl(200, 55%, 30%)' };
    const answer = {
      from: { version: 1, lockedAt: '2026-12-03T06:05:00.000Z' },
      to: { version: 2, lockedAt: '2026-12-03T07:05:00.000Z' },
      parts: [
        { kind: 'equal', text: '甲' },
        { kind: 'insert', text: '乙', user, bureau: { id: 'b0', name: '办公室' }, at: '2026-12-03T06:30:00.000Z' },
      ],
    };
    const final = { ...answer, to: { version: 'final', lockedAt: null } };
    const { fetch, calls } = fakeFetch(json(200, answer), json(200, final));
    const client = createFinalApi({ fetch });
    await expect(client.compareVersions('r 1', 1, 2)).resolves.toEqual(answer);
    await expect(client.compareVersions('r1', 2, 'final')).resolves.toEqual(final);
    expect(calls.map((c) => [c.url, c.init.method])).toEqual([
      ['/api/reports/r%201/versions/compare?from=1&to=2', 'GET'],
      ['/api/reports/r1/versions/compare?from=2&to=final', 'GET'],
    ]);
  });

  it('refuses a comparison of the wrong shape, and passes on the server’s 404', async () => {
    const { fetch } = fakeFetch(json(200, { from: {}, to: {}, parts: [{ kind: 'moved', text: '甲' }] }), json(404, { error: 'not_found', message: '第9版不存在' }));
    const client = createFinalApi({ fetch });
    expect((await rejection(client.compareVersions('r1', 1, 2))).code).toBe('invalid_response');
    expect(await rejection(client.compareVersions('r1', 9, 2))).toMatchObject({ status: 404, message: '第9版不存在' });
  });

  it('refuses answers of the wrong shape', async () => {
    const version = { version: 1, sha256: sha, lockedBy: { id: 'u', name: '李' }, lockedAt: '2020-07-05T06:00:00Z', unlockedBy: null, unlockedAt: null, unlockReason: null, chainHead: null, chainSeq: null };
    const { fetch } = fakeFetch(
      json(200, { ok: true }),
      json(200, {}),
      // A number id, and a version without its verification.
      json(200, [{ ...version, lockedBy: { id: 7, name: '李' } }]),
      json(200, { ...version, content: null, text: '' }),
      json(200, { version: 2, status: 'locked' }),
      json(200, { finalDocName: 'final-r1', changed: [] }),
    );
    const client = createFinalApi({ fetch });
    expect((await rejection(client.listVersions('r1'))).code).toBe('invalid_response');
    expect((await rejection(client.lock('r1'))).code).toBe('invalid_response');
    expect((await rejection(client.listVersions('r1'))).code).toBe('invalid_response');
    expect((await rejection(client.getVersion('r1', 1))).code).toBe('invalid_response');
    expect((await rejection(client.unlock('r1', '补充数据'))).code).toBe('invalid_response');
    expect((await rejection(client.merge('r1'))).code).toBe('invalid_response');
  });

  it('reports network failures in Chinese and passes aborts through', async () => {
    const abort = Object.assign(new Error('aborted'), { name: 'AbortError' });
    const { fetch } = fakeFetch(new TypeError('Failed to fetch'), abort);
    const client = createFinalApi({ fetch });
    expect((await rejection(client.merge('r1'))).message).toBe(NETWORK_ERROR_MESSAGE);
    await expect(client.listVersions('r1')).rejects.toBe(abort);
  });

  it('tells about a 401 (expired session)', async () => {
    const onUnauthorized = vi.fn();
    const { fetch } = fakeFetch(json(401, { error: 'unauthenticated', message: '请先登录' }));
    await rejection(createFinalApi({ fetch, onUnauthorized }).lock('r1'));
    expect(onUnauthorized).toHaveBeenCalledOnce();
  });
});
