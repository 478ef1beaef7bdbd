import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { listComments, listEvents, listNotifications } from '@hegao/storage';
import { workspace } from '../test/workspace.js';
import { addComment, addReply, anchorProblem, sectionTarget, setResolved } from './comments.js';

describe('anchorProblem', () => {
  const doc = new Y.Doc();
  const text = new Y.XmlText('疫情防控工作取得阶段性成效');
  doc.getXmlFragment('prosemirror').insert(0, [text]);
  const b64 = (pos: Y.RelativePosition) => Buffer.from(Y.encodeRelativePosition(pos)).toString('base64');

  it('accepts relative positions in a text and at the root', () => {
    const from = b64(Y.createRelativePositionFromTypeIndex(text, 2));
    const to = b64(Y.createRelativePositionFromTypeIndex(text, 4, -1));
    expect(anchorProblem({ from, to })).toBeNull();
    const root = b64(Y.createRelativePositionFromTypeIndex(doc.getXmlFragment('prosemirror'), 1));
    expect(anchorProblem({ from: root, to: root })).toBeNull();
  });

  it('refuses what is not base64 or not a relative position', () => {
    const ok = b64(Y.createRelativePositionFromTypeIndex(text, 2));
    expect(anchorProblem({ from: '!!!!', to: ok })).toMatch(/起点.*base64/);
    expect(anchorProblem({ from: ok, to: 'abc' })).toMatch(/终点.*base64/);
    expect(anchorProblem({ from: ok, to: '' })).toMatch(/终点/);
    expect(anchorProblem({ from: 'AA==', to: ok })).toMatch(/Yjs/);
    expect(anchorProblem({ from: Buffer.from('hello').toString('base64'), to: ok })).toMatch(/Yjs/);
    expect(anchorProblem({ from: ok, to: 'A'.repeat(516) })).toMatch(/base64/);
  });
});

describe('comment events in the history', () => {
  it('records who commented, replied, resolved and reopened, on which section, with an excerpt', async () => {
    const ws = await workspace();
    try {
      const target = await sectionTarget(ws.ctx, ws.sections.epidemic.id);
      const long = '核酸检测能力要对标全市先进，请补充具体措施和时间表。'.repeat(4);
      const thread = await addComment(ws.ctx, ws.users.quzhang, target, { body: long, quote: '核酸检测' });
      await addReply(ws.ctx, ws.users.wjj, thread.id, '已补充。');
      await setResolved(ws.ctx, ws.users.wjj, thread.id, true);
      await setResolved(ws.ctx, ws.users.bgs, thread.id, false);
      const events = (await listEvents(ws.db, ws.report.id)).filter((e) => e.type.startsWith('comment.'));
      expect(events.map((e) => [e.type, e.actorId, e.sectionId])).toEqual([
        ['comment.add', ws.users.quzhang.id, ws.sections.epidemic.id],
        ['comment.reply', ws.users.wjj.id, ws.sections.epidemic.id],
        ['comment.resolve', ws.users.wjj.id, ws.sections.epidemic.id],
        ['comment.reopen', ws.users.bgs.id, ws.sections.epidemic.id],
      ]);
      expect(events[0]!.detail).toMatchObject({ commentId: thread.id, quote: '核酸检测', leader: true });
      expect([...(events[0]!.detail['body'] as string)]).toHaveLength(61);
      expect(events[1]!.detail).toMatchObject({ threadId: thread.id, body: '已补充。' });
    } finally {
      await ws.close();
    }
  });

  it('records nothing for a refused comment', async () => {
    const ws = await workspace();
    try {
      const target = await sectionTarget(ws.ctx, ws.sections.epidemic.id);
      await expect(addComment(ws.ctx, ws.users.wjj, target, { body: '   ' })).rejects.toThrow('批注内容不能为空');
      expect((await listEvents(ws.db, ws.report.id)).filter((e) => e.type.startsWith('comment.'))).toEqual([]);
    } finally {
      await ws.close();
    }
  });
});

describe('comment notifications', () => {
  it('are stored with the comment: a mention and a reply to the thread author', async () => {
    const ws = await workspace();
    try {
      const target = await sectionTarget(ws.ctx, ws.sections.epidemic.id);
      const thread = await addComment(ws.ctx, ws.users.quzhang, target, { body: '请@张卫民补充具体措施' });
      await addReply(ws.ctx, ws.users.wjj, thread.id, '已补充。');
      expect((await listNotifications(ws.db, ws.users.wjj.id)).map((n) => [n.type, n.detail['commentId']])).toEqual([['mentioned', thread.id]]);
      expect((await listNotifications(ws.db, ws.users.quzhang.id)).map((n) => [n.type, n.detail['threadId']])).toEqual([['comment_reply', thread.id]]);
    } finally {
      await ws.close();
    }
  });

  it('when they cannot be written the comment is not stored either (no comment, no event, nothing published)', async () => {
    const ws = await workspace();
    try {
      const target = await sectionTarget(ws.ctx, ws.sections.epidemic.id);
      const thread = await addComment(ws.ctx, ws.users.quzhang, target, { body: '请补充具体措施' });
      await ws.failInserts('notifications');
      const seen: string[] = [];
      ws.ctx.events.subscribe(ws.report.id, (e) => seen.push(e.type));
      await expect(addComment(ws.ctx, ws.users.quzhang, target, { body: '请@张卫民补充' })).rejects.toThrow('test: notifications cannot be written');
      await expect(addReply(ws.ctx, ws.users.wjj, thread.id, '已补充。')).rejects.toThrow('test: notifications cannot be written');
      expect(seen).toEqual([]);
      expect((await listComments(ws.db, target.docName)).map((c) => c.body)).toEqual(['请补充具体措施']);
      expect((await listEvents(ws.db, ws.report.id)).filter((e) => e.type.startsWith('comment.')).map((e) => e.type)).toEqual(['comment.add']);
      // A comment that notifies nobody does not depend on the notification store.
      await addComment(ws.ctx, ws.users.wjj, target, { body: '已阅' });
      expect(seen).toEqual(['comment']);
    } finally {
      await ws.close();
    }
  });
});

