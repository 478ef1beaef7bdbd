/** Comments (批注 / 批示) and their threads as clients see them: the contract's `COMMENT` and `THREAD` (packages/contract/src/review.ts). */
import type { Comment, Thread } from '@hegao/contract';
import type { CommentRecord } from '@hegao/storage';
import type { Lookups } from './report.js';

/** One comment as clients see it, with its author's and resolver's names. */
export function presentComment(c: CommentRecord, maps: Lookups): Comment {
  const author = maps.users.get(c.authorId);
  const bureau = author?.bureauId ? maps.bureaus.get(author.bureauId) : undefined;
  const resolver = c.resolvedBy ? maps.users.get(c.resolvedBy) : undefined;
  return {
    id: c.id,
    parentId: c.parentId,
    reportId: c.reportId,
    sectionId: c.sectionId,
    docName: c.docName,
    anchor: c.anchorFrom !== null && c.anchorTo !== null ? { from: c.anchorFrom, to: c.anchorTo } : null,
    quote: c.quote,
    body: c.body,
    author: {
      id: c.authorId,
      name: author?.name ?? '（已删除的用户）',
      role: author?.role ?? null,
      bureau: bureau ? { id: bureau.id, name: bureau.name } : null,
    },
    createdAt: new Date(c.createdAt).toISOString(),
    resolvedBy: c.resolvedBy ? { id: c.resolvedBy, name: resolver?.name ?? '（已删除的用户）' } : null,
    resolvedAt: c.resolvedAt === null ? null : new Date(c.resolvedAt).toISOString(),
  };
}

/** Groups a document's comments into threads, oldest first. */
export function presentThreads(comments: readonly CommentRecord[], maps: Lookups): Thread[] {
  const out: Thread[] = [];
  const byId = new Map<string, Thread>();
  for (const c of comments) {
    if (c.parentId === null) {
      const thread: Thread = { ...presentComment(c, maps), parentId: null, replies: [] };
      byId.set(c.id, thread);
      out.push(thread);
    }
  }
  for (const c of comments) {
    if (c.parentId !== null) byId.get(c.parentId)?.replies.push(presentComment(c, maps));
  }
  return out;
}
