import { COMMENT, THREADS } from '@hegao/contract';
import { listComments } from '@hegao/storage';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addComment, addReply, finalTarget, sectionTarget, setResolved } from '../commands/comments.js';
import { workspace, type Workspace } from '../test/workspace.js';
import { presentComment, presentThreads } from './comments.js';
import { lookups } from './lookups.js';

let ws: Workspace;

beforeEach(async () => {
  ws = await workspace();
});

afterEach(async () => {
  await ws.close();
});

/** An anchor at the start of a document, as a client encodes it. */
async function anchorIn(docName: string): Promise<{ from: string; to: string }> {
  const doc = await ws.ctx.collab.doc(docName);
  const at = (index: number, assoc = 0) =>
    Buffer.from(Y.encodeRelativePosition(Y.createRelativePositionFromTypeIndex(doc.getXmlFragment('prosemirror'), index, assoc))).toString('base64');
  return { from: at(0), to: at(1, -1) };
}

describe('presentThreads', () => {
  it('builds exactly the contract’s threads: anchored, replied to, resolved', async () => {
    const { epidemic } = ws.sections;
    const target = await sectionTarget(ws.ctx, epidemic.id);
    const anchor = await anchorIn(epidemic.docName);
    const first = await addComment(ws.ctx, ws.users.quzhang, target, { body: '请@张卫民补充具体措施', anchor, quote: '核酸检测' });
    await addReply(ws.ctx, ws.users.wjj, first.id, '已补充。');
    await setResolved(ws.ctx, ws.users.wjj, first.id, true);
    await addComment(ws.ctx, ws.users.bgs, target, { body: '数据请核实' });

    const threads = presentThreads(await listComments(ws.db, epidemic.docName), await lookups(ws.db));
    // What the web reads: the schema keeps every field (none renamed, none missing, none extra).
    expect(THREADS.parse(threads)).toEqual(threads);
    expect(threads).toHaveLength(2);
    const [resolved, open] = threads;
    expect(resolved).toMatchObject({
      parentId: null,
      reportId: ws.report.id,
      sectionId: epidemic.id,
      docName: epidemic.docName,
      anchor,
      quote: '核酸检测',
      author: { id: ws.users.quzhang.id, name: '周区长', role: 'leader', bureau: null },
      resolvedBy: { id: ws.users.wjj.id, name: '张卫民' },
    });
    expect(resolved!.replies.map((r) => [r.parentId, r.body, r.anchor, r.quote, r.author.bureau?.name])).toEqual([[resolved!.id, '已补充。', null, '', '卫健局']]);
    expect(open).toMatchObject({ anchor: null, quote: '', resolvedBy: null, resolvedAt: null, replies: [] });
  });

  it('presents a final-draft thread without a section', async () => {
    // As a merge leaves it: the report has a final draft document.
    await ws.exec(`UPDATE reports SET final_doc_name = 'final-${ws.report.id}' WHERE id = '${ws.report.id}'`);
    await addComment(ws.ctx, ws.users.quzhang, await finalTarget(ws.ctx, ws.report.id), { body: '整体结构可以' });
    const threads = presentThreads(await listComments(ws.db, `final-${ws.report.id}`), await lookups(ws.db));
    expect(THREADS.parse(threads)).toEqual(threads);
    expect(threads.map((t) => [t.sectionId, t.docName, t.body])).toEqual([[null, `final-${ws.report.id}`, '整体结构可以']]);
  });

  it('names a deleted author by a placeholder, without role or bureau', async () => {
    const target = await sectionTarget(ws.ctx, ws.sections.economy.id);
    const thread = await addComment(ws.ctx, ws.users.fgj, target, { body: '增速待统计局确认' });
    const all = await lookups(ws.db);
    const maps = { ...all, users: new Map([...all.users].filter(([id]) => id !== ws.users.fgj.id)) };
    const [stored] = await listComments(ws.db, ws.sections.economy.docName);
    const comment = presentComment(stored!, maps);
    expect(COMMENT.parse(comment)).toEqual(comment);
    expect(comment.id).toBe(thread.id);
    expect(comment.author).toEqual({ id: ws.users.fgj.id, name: '（已删除的用户）', role: null, bureau: null });
  });
});
