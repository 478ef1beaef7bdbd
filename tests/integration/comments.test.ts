/**
 * Comments (批注, leaders' 批示) and in-app notifications against the real built server:
 * anchors that follow the text through concurrent edits, threads and replies, who may resolve,
 * @mentions, workflow notifications (assigned, returned, approved), reading them, and due-date
 * reminders that stay idempotent across restarts.
 *
 * One server for the whole file; tests run in order and later ones build on earlier state.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { ApiClient, sectionOf, type ApiResponse, type SectionJson, type NotificationJson } from '../helpers/api.js';
import { CollabClient, waitFor } from '../helpers/collabClient.js';
import { ServerProcess } from '../helpers/serverProcess.js';

const CHINESE = /[\u4e00-\u9fff]/;
let server: ServerProcess;
const clients: CollabClient[] = [];

beforeAll(async () => {
  server = await ServerProcess.start();
  for (const args of [
    ['user', 'add', 'wjj2', '--name', '王卫', '--role', 'editor', '--bureau', '卫健局', '--password', 'second-editor-pw'],
    ['user', 'add', 'fuquzhang', '--name', '吴副区长', '--role', 'leader', '--password', 'deputy-leader-pw'],
  ]) {
    const res = server.cli(args);
    expect(res.status, res.stderr).toBe(0);
  }
});

afterAll(async () => {
  for (const c of clients) c.destroy();
  await server?.dispose();
});

// ---------------------------------------------------------------------------------------------
// Helpers

const PASSWORDS: Record<string, string> = { wjj2: 'second-editor-pw', fuquzhang: 'deputy-leader-pw' };
const sessions = new Map<string, ApiClient>();
async function as(username: string): Promise<ApiClient> {
  let client = sessions.get(username);
  if (!client) {
    client = await ApiClient.login(server.url, username, PASSWORDS[username]);
    sessions.set(username, client);
  }
  return client;
}

async function open(username: string, docName: string): Promise<CollabClient> {
  const client = await CollabClient.open(await as(username), server.wsUrl, docName);
  clients.push(client);
  return client;
}

interface CommentJson {
  id: string;
  parentId: string | null;
  reportId: string;
  sectionId: string | null;
  docName: string;
  anchor: { from: string; to: string } | null;
  quote: string;
  body: string;
  author: { id: string; name: string; role: string; bureau: { id: string; name: string } | null };
  createdAt: string;
  resolvedBy: { id: string; name: string } | null;
  resolvedAt: string | null;
}
interface ThreadJson extends CommentJson {
  replies: CommentJson[];
}
function expectError(res: ApiResponse, status: number, error?: string, message?: RegExp): void {
  expect(res.status, JSON.stringify(res.body)).toBe(status);
  const body = res.body as { error: string; message: string };
  expect(Object.keys(body).sort()).toEqual(['error', 'message']);
  expect(body.message).toMatch(CHINESE);
  if (error) expect(body.error).toBe(error);
  if (message) expect(body.message).toMatch(message);
}

async function notes(username: string, unreadOnly = false): Promise<{ unread: number; items: NotificationJson[] }> {
  const res = await (await as(username)).get<{ unread: number; items: NotificationJson[] }>(`/api/notifications${unreadOnly ? '?unread=1' : ''}`);
  expect(res.status).toBe(200);
  return res.body;
}

async function notesOf(username: string, type: string, sectionId?: string): Promise<NotificationJson[]> {
  return (await notes(username)).items.filter((n) => n.type === type && (sectionId === undefined || n.sectionId === sectionId));
}

/** Plain text of a Y.XmlText. */
function plain(text: Y.XmlText): string {
  return (text.toDelta() as { insert: unknown }[]).map((d) => (typeof d.insert === 'string' ? d.insert : '')).join('');
}

/** The first XmlText in a document containing `needle`. */
function findText(doc: Y.Doc, needle: string): Y.XmlText {
  const walk = (node: Y.XmlFragment | Y.XmlElement | Y.XmlText): Y.XmlText | null => {
    if (node instanceof Y.XmlText) return plain(node).includes(needle) ? node : null;
    for (const child of node.toArray()) {
      const hit = walk(child as Y.XmlElement | Y.XmlText);
      if (hit) return hit;
    }
    return null;
  };
  const hit = walk(doc.getXmlFragment('prosemirror'));
  if (!hit) throw new Error(`no text containing ${needle}`);
  return hit;
}

const encode = (pos: Y.RelativePosition) => Buffer.from(Y.encodeRelativePosition(pos)).toString('base64');

/** The text an anchor covers in a document, resolved as a client would. */
function resolveAnchor(doc: Y.Doc, anchor: { from: string; to: string }): { text: Y.XmlText; from: number; to: number } {
  const from = Y.createAbsolutePositionFromRelativePosition(Y.decodeRelativePosition(Buffer.from(anchor.from, 'base64')), doc);
  const to = Y.createAbsolutePositionFromRelativePosition(Y.decodeRelativePosition(Buffer.from(anchor.to, 'base64')), doc);
  if (!from || !to) throw new Error('anchor did not resolve');
  expect(from.type).toBe(to.type);
  return { text: from.type as Y.XmlText, from: from.index, to: to.index };
}

/** Waits for one server-sent event of a type on a report's stream. */
function nextEvent(api: ApiClient, reportId: string, type: string): { ready: Promise<void>; event: Promise<Record<string, unknown>> } {
  const abort = new AbortController();
  let markReady!: () => void;
  const ready = new Promise<void>((r) => (markReady = r));
  const event = (async () => {
    const res = await fetch(`${server.url}/api/reports/${reportId}/events`, { headers: { cookie: api.cookie }, signal: abort.signal });
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    let buffer = '';
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) throw new Error('stream ended');
        buffer += decoder.decode(value, { stream: true });
        if (buffer.includes('event: ready')) markReady();
        const match = new RegExp(`event: ${type}\\ndata: (.*)\\n`).exec(buffer);
        if (match) return JSON.parse(match[1]!) as Record<string, unknown>;
      }
    } finally {
      abort.abort();
    }
  })();
  return { ready, event };
}

/** Restarts the server and waits for the new process to listen (its output says so again). */
async function restart(signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
  await server.kill(signal);
  server.output = '';
  await server.boot();
}

/** YYYY-MM-DD in Asia/Shanghai, `days` from now. */
function beijingDate(days: number): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' }).format(
    new Date(Date.now() + days * 86_400_000),
  );
}

// ---------------------------------------------------------------------------------------------

const QUOTE = '发现阳性X例';
let section: SectionJson;
let thread: ThreadJson;

describe('a leader’s 批示 anchored with Yjs relative positions', () => {
  it('is created from the section’s document and published to the report’s stream', async () => {
    section = await sectionOf(await as('wjj'), '卫健局');
    const writer = await open('wjj', section.docName);
    writer.appendParagraph(`全区累计检测X万人次，${QUOTE}。`);
    const leader = await open('quzhang', section.docName);
    await waitFor(() => leader.xml().includes(QUOTE), 'leader to receive the paragraph');
    expect(leader.mode).toBe('read');

    const text = findText(leader.doc, QUOTE);
    const index = plain(text).indexOf(QUOTE);
    const anchor = {
      from: encode(Y.createRelativePositionFromTypeIndex(text, index)),
      // assoc -1: the end sticks to the last quoted character, so typing right after it stays outside.
      to: encode(Y.createRelativePositionFromTypeIndex(text, index + QUOTE.length, -1)),
    };
    const reportId = (await (await as('quzhang')).get<{ id: string; title: string }[]>('/api/reports')).body[0]!.id;
    const stream = nextEvent(await as('bgs'), reportId, 'comment');
    await stream.ready;
    const res = await (await as('quzhang')).post<ThreadJson>(`/api/sections/${section.id}/comments`, {
      body: '  请@张卫民 核实阳性病例的统计口径，@quzhang 阅  ',
      anchor,
      quote: QUOTE,
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    thread = res.body;
    expect(thread).toMatchObject({
      parentId: null,
      sectionId: section.id,
      docName: section.docName,
      anchor,
      quote: QUOTE,
      body: '请@张卫民 核实阳性病例的统计口径，@quzhang 阅',
      author: { name: '周区长', role: 'leader', bureau: null },
      resolvedBy: null,
      resolvedAt: null,
      replies: [],
    });
    expect(Date.parse(thread.createdAt)).toBeGreaterThan(Date.now() - 60_000);
    expect(await stream.event).toMatchObject({ type: 'comment', reportId, sectionId: section.id });
  });

  it('still covers the quoted text after concurrent edits before (and right after) it', async () => {
    const a = await open('wjj', section.docName);
    const b = await open('wjj2', section.docName);
    await waitFor(() => a.xml().includes(QUOTE) && b.xml().includes(QUOTE), 'writers to sync');
    const ta = findText(a.doc, QUOTE);
    const tb = findText(b.doc, QUOTE);
    // Same tick, neither has seen the other's edits: concurrent.
    ta.insert(plain(ta).indexOf(QUOTE) + QUOTE.length, '（初步统计）');
    ta.insert(0, '截至6月底，');
    tb.insert(0, '据统计，');
    const p = new Y.XmlElement('paragraph');
    p.insert(0, [new Y.XmlText('新插入的第一段。')]);
    b.fragment.insert(0, [p]);

    const reader = await open('fgj', section.docName);
    const all = ['截至6月底，', '据统计，', '（初步统计）', '新插入的第一段。'];
    await waitFor(() => all.every((s) => reader.xml().includes(s) && a.xml().includes(s) && b.xml().includes(s)), 'edits to converge');

    const listed = await (await as('fgj')).get<ThreadJson[]>(`/api/sections/${section.id}/comments`);
    expect(listed.status).toBe(200);
    const stored = listed.body.find((t) => t.id === thread.id)!;
    for (const doc of [reader.doc, a.doc, b.doc]) {
      const { text, from, to } = resolveAnchor(doc, stored.anchor!);
      expect(plain(text).slice(from, to)).toBe(QUOTE);
      expect(plain(text)).toContain('截至6月底，');
      expect(from).toBeGreaterThan(plain(text).indexOf('全区累计检测'));
    }
  });
});

describe('threads and replies', () => {
  it('attaches replies to the thread root, even a reply to a reply', async () => {
    const r1 = await (await as('wjj')).post<CommentJson>(`/api/comments/${thread.id}/replies`, { body: '已核实，按确诊病例口径统计。' });
    expect(r1.status, JSON.stringify(r1.body)).toBe(201);
    expect(r1.body).toMatchObject({ parentId: thread.id, anchor: null, quote: '', author: { name: '张卫民', role: 'editor', bureau: { name: '卫健局' } } });
    const r2 = await (await as('bgs')).post<CommentJson>(`/api/comments/${r1.body.id}/replies`, { body: '请在正文中注明口径。' });
    expect(r2.status).toBe(201);
    expect(r2.body.parentId).toBe(thread.id);
    const r3 = await (await as('fgj')).post<CommentJson>(`/api/comments/${thread.id}/replies`, { body: '发改局数据口径一致，@孙建国 请组织部也看看。' });
    expect(r3.status).toBe(201);
    const r4 = await (await as('wjj2')).post<CommentJson>(`/api/comments/${thread.id}/replies`, { body: '@周区长 已在正文中补充说明。' });
    expect(r4.status).toBe(201);

    const listed = await (await as('quzhang')).get<ThreadJson[]>(`/api/sections/${section.id}/comments`);
    expect(listed.status).toBe(200);
    const found = listed.body.filter((t) => t.id === thread.id);
    expect(found).toHaveLength(1);
    expect(found[0]!.replies.map((r) => [r.author.name, r.parentId])).toEqual([
      ['张卫民', thread.id],
      ['李文静', thread.id],
      ['陈发展', thread.id],
      ['王卫', thread.id],
    ]);
    expect(listed.body.every((t) => t.parentId === null)).toBe(true);
  });

  it('refuses a reply to an unknown comment with 404', async () => {
    expectError(await (await as('wjj')).post('/api/comments/nope/replies', { body: '回复' }), 404, 'not_found');
  });
});

describe('mentions and replies notify the right people', () => {
  it('notifies the mentioned editor, not the leader who mentioned himself, nor others', async () => {
    const mentioned = await notesOf('wjj', 'mentioned', section.id);
    expect(mentioned).toHaveLength(1);
    expect(mentioned[0]!.message).toMatch(/^周区长在《示例区2020年上半年工作总结及下半年工作计划》“.*的批示中提到了您：请@张卫民 核实/);
    expect(mentioned[0]!.message).toContain(section.title);
    expect(mentioned[0]!.detail).toMatchObject({ commentId: thread.id, threadId: thread.id, docName: section.docName });
    expect(mentioned[0]!.readAt).toBeNull();
    expect(await notesOf('wjj2', 'mentioned')).toHaveLength(0);
    expect(await notesOf('fgj', 'mentioned')).toHaveLength(0);
    const zzb = await notesOf('zzb', 'mentioned');
    expect(zzb).toHaveLength(1);
    expect(zzb[0]!.message).toMatch(/^陈发展在《示例区2020年上半年工作总结及下半年工作计划》“.*”的回复中提到了您/);
  });

  it('tells the thread’s author of replies, once per reply (a mention replaces the reply notice)', async () => {
    const replies = await notesOf('quzhang', 'comment_reply', section.id);
    expect(replies.map((n) => n.message.slice(0, 3))).toEqual(['陈发展', '李文静', '张卫民']);
    expect(replies[0]!.message).toMatch(/回复了您在《示例区2020年上半年工作总结及下半年工作计划》“.*”的批示：/);
    const mentions = await notesOf('quzhang', 'mentioned');
    expect(mentions).toHaveLength(1);
    expect(mentions[0]!.message).toMatch(/^王卫在《示例区2020年上半年工作总结及下半年工作计划》“/);
    // Nobody is told of their own comment.
    expect(await notesOf('wjj', 'comment_reply')).toHaveLength(0);
  });
});

describe('resolving and reopening', () => {
  it('refuses a leader on another leader’s 批示 and an editor of another bureau', async () => {
    expectError(await (await as('fuquzhang')).post(`/api/comments/${thread.id}/resolve`), 403, 'forbidden', /领导只能处理自己的批示/);
    expectError(await (await as('fgj')).post(`/api/comments/${thread.id}/resolve`), 403, 'forbidden', /批注作者/);
  });

  it('lets the section’s bureau resolve, refuses resolving twice, lets the author reopen', async () => {
    const res = await (await as('wjj2')).post<ThreadJson>(`/api/comments/${thread.id}/resolve`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.resolvedBy).toMatchObject({ name: '王卫' });
    expect(res.body.resolvedAt).not.toBeNull();
    expect(res.body.replies).toHaveLength(4);
    expectError(await (await as('bgs')).post(`/api/comments/${thread.id}/resolve`), 409, 'conflict');
    expectError(await (await as('fgj')).post(`/api/comments/${thread.id}/reopen`), 403, 'forbidden');
    const reopened = await (await as('quzhang')).post<ThreadJson>(`/api/comments/${thread.id}/reopen`);
    expect(reopened.status).toBe(200);
    expect(reopened.body).toMatchObject({ resolvedBy: null, resolvedAt: null });
    expectError(await (await as('quzhang')).post(`/api/comments/${thread.id}/reopen`), 409, 'conflict');
  });

  it('resolves the whole thread through a reply; the secretary may, the author may again', async () => {
    const replyId = (await (await as('bgs')).get<ThreadJson[]>(`/api/sections/${section.id}/comments`)).body.find((t) => t.id === thread.id)!.replies[0]!.id;
    const res = await (await as('bgs')).post<ThreadJson>(`/api/comments/${replyId}/resolve`, {});
    expect(res.status).toBe(200);
    expect(res.body.id).toBe(thread.id);
    expect(res.body.resolvedBy).toMatchObject({ name: '李文静' });
    expect((await (await as('quzhang')).post(`/api/comments/${thread.id}/reopen`)).status).toBe(200);
    expect((await (await as('quzhang')).post(`/api/comments/${thread.id}/resolve`)).status).toBe(200);
  });

  it('lets an editor of another bureau close their own comment, but not a leader theirs', async () => {
    const own = await (await as('fgj')).post<ThreadJson>(`/api/sections/${section.id}/comments`, { body: '建议与发改局的数据口径保持一致。' });
    expect(own.status).toBe(201);
    expect(own.body.anchor).toBeNull();
    expectError(await (await as('quzhang')).post(`/api/comments/${own.body.id}/resolve`), 403, 'forbidden');
    expect((await (await as('fgj')).post(`/api/comments/${own.body.id}/resolve`)).status).toBe(200);
    expectError(await (await as('fgj')).post('/api/comments/nope/resolve'), 404, 'not_found');
  });
});

describe('comments through the workflow, and workflow notifications', () => {
  const commentAs = async (username: string, body: string) => (await as(username)).post<ThreadJson>(`/api/sections/${section.id}/comments`, { body });

  it('every role comments while the section is submitted, returned and approved', async () => {
    expect((await (await as('wjj')).post(`/api/sections/${section.id}/submit`)).status).toBe(200);
    for (const u of ['quzhang', 'fgj', 'bgs', 'wjj']) expect((await commentAs(u, `已提交阶段的意见（${u}）`)).status).toBe(201);

    const returned = await (await as('bgs')).post(`/api/sections/${section.id}/return`, { reason: '请补充6月底的数据' });
    expect(returned.status).toBe(200);
    for (const u of ['quzhang', 'zzb']) expect((await commentAs(u, `退回后的意见（${u}）`)).status).toBe(201);

    expect((await (await as('wjj')).post(`/api/sections/${section.id}/submit`)).status).toBe(200);
    expect((await (await as('bgs')).post(`/api/sections/${section.id}/approve`)).status).toBe(200);
    for (const u of ['fuquzhang', 'mzj']) expect((await commentAs(u, `通过后的意见（${u}）`)).status).toBe(201);
  });

  it('a return tells every editor of the bureau, with the reason; an approval too', async () => {
    for (const u of ['wjj', 'wjj2']) {
      const returned = await notesOf(u, 'returned', section.id);
      expect(returned).toHaveLength(1);
      expect(returned[0]!.message).toBe(`办公室退回了《示例区2020年上半年工作总结及下半年工作计划》“${section.number}${section.title}”：请补充6月底的数据`);
      expect(returned[0]!.detail).toMatchObject({ reason: '请补充6月底的数据', actorName: '李文静' });
      expect(returned[0]!.reportTitle).toBe('示例区2020年上半年工作总结及下半年工作计划');
      const approved = await notesOf(u, 'approved', section.id);
      expect(approved).toHaveLength(1);
      expect(approved[0]!.message).toBe(`办公室审核通过了《示例区2020年上半年工作总结及下半年工作计划》“${section.number}${section.title}”`);
    }
    for (const u of ['fgj', 'bgs', 'quzhang']) {
      expect(await notesOf(u, 'returned')).toHaveLength(0);
      expect(await notesOf(u, 'approved')).toHaveLength(0);
    }
  });

  it('an assignment tells the newly assigned bureau only', async () => {
    const nyjSection = await sectionOf(await as('nyj'), '农业农村局');
    const me = async (u: string) => (await (await as(u)).get<{ bureau: { id: string } }>('/api/me')).body.bureau.id;
    const res = await (await as('bgs')).request('PUT', `/api/sections/${nyjSection.id}/assignment`, { bureauIds: [await me('nyj'), await me('mzj')] });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const assigned = await notesOf('mzj', 'assigned', nyjSection.id);
    expect(assigned).toHaveLength(1);
    expect(assigned[0]!.message).toMatch(new RegExp(`^办公室将《示例区2020年上半年工作总结及下半年工作计划》“${nyjSection.number.replace(/[()（）.]/g, '\\$&')}${nyjSection.title}”分配给民政局，请于\\d{4}年\\d{1,2}月\\d{1,2}日前完成$`));
    // The bureau that had the section already is not told again: its only 分配 notice is the demo's
    // own, from when the report was set up with its sections.
    const nyj = await notesOf('nyj', 'assigned');
    expect(nyj.filter((n) => n.detail.reportCreated !== true)).toHaveLength(0);
    expect(nyj).toHaveLength(1);
    expect(nyj[0]!.message).toMatch(/^办公室新建了《示例区2020年上半年工作总结及下半年工作计划》，农业农村局有\d+个章节待编写：/);
  });
});

describe('bad input', () => {
  const post = async (body: unknown) => (await as('quzhang')).post(`/api/sections/${section.id}/comments`, body);
  const valid = () => {
    const doc = new Y.Doc();
    const text = new Y.XmlText('abc');
    doc.getXmlFragment('prosemirror').insert(0, [text]);
    return encode(Y.createRelativePositionFromTypeIndex(text, 1));
  };

  it('refuses empty, overlong and malformed comments with 400 and a Chinese message', async () => {
    expectError(await post({ body: '   ' }), 400, 'invalid_body', /批注内容不能为空/);
    expectError(await post({}), 400, 'invalid_body', /^请填写批注内容$/);
    expectError(await post({ body: '字'.repeat(2001) }), 400, 'invalid_body', /^批注内容不能超过 2000 个字符$/);
    expectError(await post({ body: '意见', quote: '引'.repeat(501) }), 400, 'invalid_body', /500/);
    expectError(await post({ body: '意见', anchor: { from: '!!!!', to: valid() } }), 400, 'invalid', /批注位置/);
    expectError(await post({ body: '意见', anchor: { from: valid(), to: Buffer.from('hello').toString('base64') } }), 400, 'invalid', /Yjs/);
    expectError(await post({ body: '意见', anchor: { from: valid(), to: 'A'.repeat(516) } }), 400, 'invalid_body', /512/);
    expectError(await post({ body: '意见', anchor: { from: valid() } }), 400, 'invalid_body', /^请填写批注终点$/);
    expectError(await (await as('wjj')).post(`/api/comments/${thread.id}/replies`, { body: '' }), 400, 'invalid_body');
    expectError(await (await as('wjj')).post(`/api/comments/${thread.id}/replies`, 'not json'), 400, 'invalid_json');
    // With a valid anchor it works, and 2000 characters are fine.
    expect((await post({ body: '字'.repeat(2000), anchor: { from: valid(), to: valid() }, quote: 'b' })).status).toBe(201);
  });

  it('answers 404 for unknown sections and reports without a final draft, 401 without a session', async () => {
    expectError(await (await as('quzhang')).get('/api/sections/nope/comments'), 404, 'not_found');
    expectError(await (await as('quzhang')).post('/api/sections/nope/comments', { body: '意见' }), 404, 'not_found');
    const reportId = (await (await as('bgs')).get<{ id: string }[]>('/api/reports')).body[0]!.id;
    expectError(await (await as('bgs')).get(`/api/reports/${reportId}/final/comments`), 404, 'not_found', /合稿/);
    expectError(await (await as('bgs')).get('/api/reports/nope/final/comments'), 404, 'not_found');
    const anonymous = new ApiClient(server.url);
    expectError(await anonymous.get(`/api/sections/${section.id}/comments`), 401, 'unauthenticated');
    expectError(await anonymous.get('/api/notifications'), 401, 'unauthenticated');
  });
});

describe('reading notifications', () => {
  it('lists newest first with the unread count, marks one read, then all', async () => {
    const before = await notes('wjj');
    expect(before.unread).toBeGreaterThanOrEqual(3);
    expect(before.items.map((n) => Number(n.id))).toEqual([...before.items.map((n) => Number(n.id))].sort((a, b) => b - a));
    const target = before.items.find((n) => n.type === 'mentioned')!;
    const res = await (await as('wjj')).post<NotificationJson>(`/api/notifications/${target.id}/read`);
    expect(res.status).toBe(200);
    expect(res.body.readAt).not.toBeNull();
    const after = await notes('wjj', true);
    expect(after.unread).toBe(before.unread - 1);
    expect(after.items.map((n) => n.id)).not.toContain(target.id);
    expect(after.items.every((n) => n.readAt === null)).toBe(true);
    // Reading again keeps the first read time.
    const again = await (await as('wjj')).post<NotificationJson>(`/api/notifications/${target.id}/read`);
    expect(again.body.readAt).toBe(res.body.readAt);
  });

  it('treats another user’s notification as unknown (404) and leaves it alone', async () => {
    const theirs = (await notes('wjj2', true)).items[0]!;
    expectError(await (await as('wjj')).post(`/api/notifications/${theirs.id}/read`), 404, 'not_found', /通知不存在/);
    expectError(await (await as('wjj')).post('/api/notifications/abc/read'), 404, 'not_found');
    expectError(await (await as('wjj')).post('/api/notifications/99999999/read'), 404, 'not_found');
    expect((await notes('wjj2', true)).items.map((n) => n.id)).toContain(theirs.id);
  });

  it('marks all read', async () => {
    const res = await (await as('wjj')).post<{ unread: number; updated: number }>('/api/notifications/read-all');
    expect(res.status).toBe(200);
    expect(res.body.unread).toBe(0);
    expect(res.body.updated).toBeGreaterThanOrEqual(2);
    const after = await notes('wjj');
    expect(after.unread).toBe(0);
    expect((await notes('wjj', true)).items).toEqual([]);
    expect(after.items.every((n) => n.readAt !== null)).toBe(true);
  });
});

describe('due-date reminders', () => {
  let overdue: SectionJson;
  let tomorrow: SectionJson;

  beforeAll(() => {
    // Restarts follow: editors' sockets are not part of this story.
    for (const c of clients.splice(0)) c.destroy();
  });

  it('are created at start: overdue for the bureau and every secretary, due tomorrow for the bureaus', async () => {
    overdue = await sectionOf(await as('fgj'), '发改局');
    tomorrow = await sectionOf(await as('mzj'), '农业农村局');
    const bureau = async (u: string) => (await (await as(u)).get<{ bureau: { id: string } }>('/api/me')).body.bureau.id;
    const set = async (s: SectionJson, bureauIds: string[], dueDate: string) => {
      const res = await (await as('bgs')).request('PUT', `/api/sections/${s.id}/assignment`, { bureauIds, dueDate });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
    };
    await set(overdue, [await bureau('fgj')], beijingDate(-2));
    await set(tomorrow, [await bureau('nyj'), await bureau('mzj')], beijingDate(1));
    // Reminders run at start (and every 10 minutes); restarting is how a test triggers them.
    await restart();

    const fgj = await notesOf('fgj', 'overdue', overdue.id);
    expect(fgj).toHaveLength(1);
    expect(fgj[0]!.message).toMatch(new RegExp(`^《示例区2020年上半年工作总结及下半年工作计划》“.*${overdue.title}”已超过截止日期（\\d{4}年\\d{1,2}月\\d{1,2}日），尚未提交`));
    expect(fgj[0]!.detail).toEqual({ dueDate: beijingDate(-2) });
    const bgs = await notesOf('bgs', 'overdue', overdue.id);
    expect(bgs).toHaveLength(1);
    expect(bgs[0]!.message).toMatch(/^发改局承办的《示例区2020年上半年工作总结及下半年工作计划》“/);
    for (const u of ['nyj', 'mzj']) {
      const due = await notesOf(u, 'due_tomorrow', tomorrow.id);
      expect(due).toHaveLength(1);
      expect(due[0]!.message).toMatch(/^《示例区2020年上半年工作总结及下半年工作计划》“.*”将于明天（.*）截止，请按时提交$/);
    }
    expect(await notesOf('nyj', 'overdue')).toHaveLength(0);
    expect(await notesOf('quzhang', 'overdue')).toHaveLength(0);
    expect(await notesOf('wjj', 'due_tomorrow')).toHaveLength(0);
  });

  it('exist exactly once after more restarts (graceful and killed)', async () => {
    await restart('SIGTERM');
    await restart();
    expect(await notesOf('fgj', 'overdue', overdue.id)).toHaveLength(1);
    expect(await notesOf('bgs', 'overdue', overdue.id)).toHaveLength(1);
    expect(await notesOf('nyj', 'due_tomorrow', tomorrow.id)).toHaveLength(1);
    expect(await notesOf('mzj', 'due_tomorrow', tomorrow.id)).toHaveLength(1);
  });

  it('stop once the section is submitted, and re-arm when the due date moves', async () => {
    expect((await (await as('fgj')).post(`/api/sections/${overdue.id}/submit`)).status).toBe(200);
    const bureauId = (await (await as('fgj')).get<{ bureau: { id: string } }>('/api/me')).body.bureau.id;
    const res = await (await as('bgs')).request('PUT', `/api/sections/${tomorrow.id}/assignment`, {
      bureauIds: [(await (await as('nyj')).get<{ bureau: { id: string } }>('/api/me')).body.bureau.id, bureauId],
      dueDate: beijingDate(-3),
    });
    expect(res.status).toBe(200);
    await restart();
    expect(await notesOf('fgj', 'overdue', overdue.id)).toHaveLength(1);
    // 发改局 was newly assigned to the 农业农村局 section, which is now overdue.
    expect(await notesOf('fgj', 'assigned', tomorrow.id)).toHaveLength(1);
    expect(await notesOf('fgj', 'overdue', tomorrow.id)).toHaveLength(1);
    expect(await notesOf('nyj', 'overdue', tomorrow.id)).toHaveLength(1);
    expect(await notesOf('bgs', 'overdue', tomorrow.id)).toHaveLength(1);
    // 民政局 was dropped from the section: no reminder for it any more.
    expect(await notesOf('mzj', 'overdue', tomorrow.id)).toHaveLength(0);
  });
});

describe('comments on the final draft', () => {
  let reportId: string;

  it('work once the report has a final draft, also when it is locked', async () => {
    reportId = (await (await as('bgs')).get<{ id: string }[]>('/api/reports')).body[0]!.id;
    // Merging and locking are another feature's endpoints; give the report its locked final draft in the database directly.
    await server.kill('SIGTERM');
    server.output = '';
    const db = await server.openDb();
    try {
      await db.kysely.updateTable('reports').set({ final_doc_name: `final-${reportId}`, status: 'locked', version: 1 }).where('id', '=', reportId).execute();
    } finally {
      await db.close();
    }
    await server.boot();

    const empty = await (await as('quzhang')).get<ThreadJson[]>(`/api/reports/${reportId}/final/comments`);
    expect(empty.status).toBe(200);
    expect(empty.body).toEqual([]);
    const res = await (await as('quzhang')).post<ThreadJson>(`/api/reports/${reportId}/final/comments`, { body: '@李文静 全文再压缩到5000字以内。' });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toMatchObject({ sectionId: null, docName: `final-${reportId}`, reportId, anchor: null });
    const mentioned = await notesOf('bgs', 'mentioned');
    expect(mentioned).toHaveLength(1);
    expect(mentioned[0]!.message).toMatch(/^周区长在《.*》合稿的批示中提到了您：/);
    expect(mentioned[0]!.sectionId).toBeNull();

    expect((await (await as('wjj')).post(`/api/comments/${res.body.id}/replies`, { body: '卫健局部分已压缩。' })).status).toBe(201);
    expectError(await (await as('wjj')).post(`/api/comments/${res.body.id}/resolve`), 403, 'forbidden');
    expect((await (await as('bgs')).post(`/api/comments/${res.body.id}/resolve`)).status).toBe(200);
    const listed = await (await as('wjj')).get<ThreadJson[]>(`/api/reports/${reportId}/final/comments`);
    expect(listed.body).toHaveLength(1);
    expect(listed.body[0]!.replies).toHaveLength(1);
    expect(listed.body[0]!.resolvedBy).toMatchObject({ name: '李文静' });
    // Section comments stay open on a locked report too.
    expect((await (await as('zzb')).post(`/api/sections/${section.id}/comments`, { body: '定稿后的意见，供下次参考。' })).status).toBe(201);
    // Section threads are not mixed in.
    expect((await (await as('wjj')).get<ThreadJson[]>(`/api/sections/${section.id}/comments`)).body.every((t) => t.sectionId === section.id)).toBe(true);
  });
});
