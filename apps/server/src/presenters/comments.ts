/** Comments (批注 / 批示) and their threads as clients see them (`GET …/comments`, docs/api.md). */
import type { Role } from '@hegao/domain';
import type { CommentRecord } from '@hegao/storage';
import type { Lookups } from './report.js';

/** A comment's range: base64 encodings of Y.encodeRelativePosition. */
export interface CommentAnchor {
  from: string;
  to: string;
}

/** A comment or reply as clients see it. */
export interface CommentView {
  id: string;
  parentId: string | null;
  reportId: string;
  sectionId: string | null;
  docName: string;
  anchor: CommentAnchor | null;
  quote: string;
  body: string;
  author: { id: string; name: string; role: Role | null; bureau: { id: string; name: string } | null };
  createdAt: string;
  resolvedBy: { id: string; name: string } | null;
  resolvedAt: string | null;
}

/** A thread: its root comment with the replies, oldest first. */
export interface ThreadView extends CommentView {
  replies: CommentView[];
}

/** One comment as clients see it, with its author's and resolver's names. */
export function presentComment(c: CommentRecord, maps: Lookups): CommentView {
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
export function presentThreads(comments: readonly CommentRecord[], maps: Lookups): ThreadView[] {
  const out: ThreadView[] = [];
  const byId = new Map<string, ThreadView>();
  for (const c of comments) {
    if (c.parentId === null) {
      const thread = { ...presentComment(c, maps), replies: [] };
      byId.set(c.id, thread);
      out.push(thread);
    }
  }
  for (const c of comments) {
    if (c.parentId !== null) byId.get(c.parentId)?.replies.push(presentComment(c, maps));
  }
  return out;
}
