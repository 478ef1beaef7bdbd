/**
 * Comments (批注, and leaders' 批示): threads anchored to a text range of a section's document
 * or of the report's final draft, with replies, resolving and @mentions.
 *
 * Anchors are two Yjs RelativePositions (base64), created and resolved by clients against the
 * document, so they follow the text through concurrent edits; the server only checks that they
 * decode. Every role may comment in every state, including on a locked report.
 *
 * Who may resolve or reopen a thread (the domain's `comment.resolve`): its author (so a leader handles their own
 * 批示), the office secretary, and editors of a bureau the section is assigned to. Leaders may
 * not close others' threads; editors of other bureaus only their own.
 *
 * A comment or reply, its event and its notifications (mentioned, comment_reply) are written in
 * one transaction; open clients are told after the commit.
 */
import * as Y from 'yjs';
import type { Comment as CommentView, CommentAnchor, Thread as ThreadView } from '@hegao/contract';
import { decide, findMentions, type User } from '@hegao/domain';
import {
  createComment,
  createNotifications,
  getComment,
  getReport,
  getSection,
  inTransaction,
  listComments,
  listSections,
  listUsers,
  recordEvent,
  reopenComment,
  resolveComment,
  type CommentRecord,
  type Db,
  type NewNotification,
  type ReportRecord,
  type SectionRecord,
} from '@hegao/storage';
import type { AppContext } from '../context.js';
import { ApiError, notFound, refusal } from '../http/ApiError.js';
import { lookups } from '../presenters/lookups.js';
import { presentComment, presentThreads } from '../presenters/comments.js';
import { announceNotifications, finalDraftLabel, reportSectionLabel, sectionNumbers } from './notify.js';

/** The document a comment belongs to: a section's, or the report's final draft (section null). */
export interface CommentTarget {
  report: ReportRecord;
  section: SectionRecord | null;
  docName: string;
}


/** Input of a new thread. */
export interface NewCommentInput {
  body: string;
  anchor?: CommentAnchor | null;
  quote?: string;
}

const ANCHOR_MAX = 512;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;
const EXCERPT = 60;

/** Why an anchor is unusable (Chinese), or null when both ends decode as Yjs relative positions. */
export function anchorProblem(anchor: CommentAnchor): string | null {
  for (const [end, value] of [
    ['起点', anchor.from],
    ['终点', anchor.to],
  ] as const) {
    if (value.length === 0 || value.length > ANCHOR_MAX || value.length % 4 !== 0 || !BASE64.test(value)) {
      return `批注位置的${end}不是有效的 base64 编码`;
    }
    try {
      const pos = Y.decodeRelativePosition(Buffer.from(value, 'base64'));
      if (pos.item === null && pos.type === null && pos.tname === null) throw new Error('empty');
    } catch {
      return `批注位置的${end}不是有效的 Yjs 相对位置`;
    }
  }
  return null;
}

/** The section's document as a comment target; 404 for an unknown (or deleted) section. */
export async function sectionTarget(ctx: AppContext, sectionId: string): Promise<CommentTarget> {
  const section = await getSection(ctx.db, sectionId);
  if (!section) throw notFound('章节');
  const report = await getReport(ctx.db, section.reportId);
  if (!report) throw notFound('报告');
  return { report, section, docName: section.docName };
}

/** The report's final draft as a comment target; 404 until the report has one. */
export async function finalTarget(ctx: AppContext, reportId: string): Promise<CommentTarget> {
  const report = await getReport(ctx.db, reportId);
  if (!report) throw notFound('报告');
  if (!report.finalDocName) throw new ApiError(404, 'not_found', '该报告尚未合稿，暂无可批注的全文');
  return { report, section: null, docName: report.finalDocName };
}

/** The target a stored comment belongs to; 404 when its section or report is gone. */
async function targetOf(ctx: AppContext, comment: CommentRecord): Promise<CommentTarget> {
  if (comment.sectionId !== null) {
    const target = await sectionTarget(ctx, comment.sectionId).catch(() => null);
    if (target && target.docName === comment.docName) return target;
  } else {
    const report = await getReport(ctx.db, comment.reportId);
    if (report && report.finalDocName === comment.docName) return { report, section: null, docName: comment.docName };
  }
  throw notFound('批注');
}

function mayComment(user: User, target: CommentTarget): void {
  const decision = target.section
    ? decide(user, 'section.comment', { report: target.report, section: target.section })
    : decide(user, 'report.read', { report: target.report });
  if (!decision.ok) throw refusal(decision.code, decision.reason);
}

async function threadOf(ctx: AppContext, rootId: string): Promise<ThreadView> {
  const root = await getComment(ctx.db, rootId);
  if (!root) throw notFound('批注');
  const all = await listComments(ctx.db, root.docName);
  return presentThreads(all.filter((c) => c.id === root.id || c.parentId === root.id), await lookups(ctx.db))[0]!;
}

/** Every thread of the target's document, oldest first, resolved ones included. */
export async function listThreads(ctx: AppContext, user: User, target: CommentTarget): Promise<ThreadView[]> {
  const decision = decide(user, target.section ? 'section.read' : 'report.read', { report: target.report, ...(target.section ? { section: target.section } : {}) });
  if (!decision.ok) throw refusal(decision.code, decision.reason);
  return presentThreads(await listComments(ctx.db, target.docName), await lookups(ctx.db));
}

/** Starts a thread; validates the anchor, notifies mentioned users, publishes a 'comment' event. */
export async function addComment(ctx: AppContext, user: User, target: CommentTarget, input: NewCommentInput): Promise<ThreadView> {
  mayComment(user, target);
  const body = input.body.trim();
  if (body === '') throw new ApiError(400, 'invalid', '批注内容不能为空');
  const anchor = input.anchor ?? null;
  if (anchor) {
    const problem = anchorProblem(anchor);
    if (problem) throw new ApiError(400, 'invalid', problem);
  }
  const comment = await inTransaction(ctx.db, async (tx) => {
    const created = await createComment(tx, {
      reportId: target.report.id,
      docName: target.docName,
      sectionId: target.section?.id ?? null,
      parentId: null,
      anchorFrom: anchor?.from ?? null,
      anchorTo: anchor?.to ?? null,
      quote: input.quote ?? '',
      body,
      authorId: user.id,
    });
    await recordEvent(tx, {
      reportId: target.report.id,
      sectionId: target.section?.id ?? null,
      actorId: user.id,
      type: 'comment.add',
      detail: { commentId: created.id, docName: target.docName, quote: excerpt(created.quote), body: excerpt(body), leader: user.role === 'leader' },
    });
    return { created, notices: await storeCommentNotifications(tx, user, target, created, null) };
  });
  afterComment(ctx, user, target, comment.notices);
  return threadOf(ctx, comment.created.id);
}

/** Replies to a thread; a reply to a reply joins the thread of its root. */
export async function addReply(ctx: AppContext, user: User, commentId: string, text: string): Promise<CommentView> {
  const parent = await getComment(ctx.db, commentId);
  if (!parent) throw notFound('批注');
  const root = parent.parentId === null ? parent : await getComment(ctx.db, parent.parentId);
  if (!root) throw notFound('批注');
  const target = await targetOf(ctx, root);
  mayComment(user, target);
  const body = text.trim();
  if (body === '') throw new ApiError(400, 'invalid', '回复内容不能为空');
  const reply = await inTransaction(ctx.db, async (tx) => {
    const created = await createComment(tx, {
      reportId: root.reportId,
      docName: root.docName,
      sectionId: root.sectionId,
      parentId: root.id,
      body,
      authorId: user.id,
    });
    await recordEvent(tx, {
      reportId: root.reportId,
      sectionId: root.sectionId,
      actorId: user.id,
      type: 'comment.reply',
      detail: { commentId: created.id, threadId: root.id, docName: root.docName, body: excerpt(body) },
    });
    return { created, notices: await storeCommentNotifications(tx, user, target, created, root) };
  });
  afterComment(ctx, user, target, reply.notices);
  return presentComment(reply.created, await lookups(ctx.db));
}

/** Resolves (or reopens) the thread a comment belongs to; the domain's `comment.resolve` says who may. */
export async function setResolved(ctx: AppContext, user: User, commentId: string, resolved: boolean): Promise<ThreadView> {
  const comment = await getComment(ctx.db, commentId);
  if (!comment) throw notFound('批注');
  const root = comment.parentId === null ? comment : await getComment(ctx.db, comment.parentId);
  if (!root) throw notFound('批注');
  const target = await targetOf(ctx, root);
  // A final-draft thread has no section: no bureau may resolve others' threads there.
  const decision = decide(user, 'comment.resolve', { comment: root, section: target.section ?? { status: 'approved', bureauIds: [] } });
  if (!decision.ok) throw refusal(decision.code, decision.reason);
  const changed = await inTransaction(ctx.db, async (tx) => {
    const done = resolved ? await resolveComment(tx, root.id, user.id, Date.now()) : await reopenComment(tx, root.id);
    if (done) {
      await recordEvent(tx, {
        reportId: root.reportId,
        sectionId: root.sectionId,
        actorId: user.id,
        type: resolved ? 'comment.resolve' : 'comment.reopen',
        detail: { threadId: root.id, docName: root.docName, body: excerpt(root.body) },
      });
    }
    return done;
  });
  if (!changed) throw new ApiError(409, 'conflict', resolved ? '该批注已标记为已解决' : '该批注尚未解决，无需重新打开');
  publish(ctx, user, target);
  return threadOf(ctx, root.id);
}

/** The first EXCERPT characters of a comment's text or quote, for notifications and the history. */
function excerpt(text: string): string {
  const chars = [...text];
  return chars.length > EXCERPT ? `${chars.slice(0, EXCERPT).join('')}…` : text;
}

function publish(ctx: AppContext, user: User, target: CommentTarget): void {
  ctx.events.publish({
    type: 'comment',
    reportId: target.report.id,
    ...(target.section ? { sectionId: target.section.id } : {}),
    at: new Date().toISOString(),
    userId: user.id,
  });
}

/** After the commit: tells open clients of the report about the comment and its notifications. */
function afterComment(ctx: AppContext, user: User, target: CommentTarget, notices: readonly NewNotification[]): void {
  publish(ctx, user, target);
  if (notices.length > 0) announceNotifications(ctx, notices);
}

/**
 * Inside the transaction that writes a comment or reply: notifies the users it mentions, and the
 * thread's author of a reply; returns the rows stored (a failure here fails the comment).
 */
async function storeCommentNotifications(tx: Db, user: User, target: CommentTarget, comment: CommentRecord, root: CommentRecord | null): Promise<NewNotification[]> {
  const users = (await listUsers(tx)).filter((u) => !u.disabled);
  const mentioned = findMentions(comment.body, users).filter((id) => id !== user.id);
  const rootAuthor = root ? users.find((u) => u.id === root.authorId) : undefined;
  const replyTo = root && rootAuthor && rootAuthor.id !== user.id && !mentioned.includes(rootAuthor.id) ? rootAuthor : undefined;
  if (mentioned.length === 0 && !replyTo) return [];
  const label = await targetLabel(tx, target);
  const kind = root ? '回复' : user.role === 'leader' ? '批示' : '批注';
  const shown = excerpt(comment.body);
  const base = {
    reportId: target.report.id,
    sectionId: target.section?.id ?? null,
    detail: { commentId: comment.id, threadId: root?.id ?? comment.id, docName: target.docName, authorId: user.id, authorName: user.name },
  };
  const items: NewNotification[] = mentioned.map((userId) => ({
    ...base,
    userId,
    type: 'mentioned',
    message: `${user.name}在${label}的${kind}中提到了您：${shown}`,
  }));
  if (replyTo) {
    const what = replyTo.role === 'leader' ? '批示' : '批注';
    items.push({ ...base, userId: replyTo.id, type: 'comment_reply', message: `${user.name}回复了您在${label}的${what}：${shown}` });
  }
  await createNotifications(tx, items);
  return items;
}

async function targetLabel(db: Db, target: CommentTarget): Promise<string> {
  if (!target.section) return finalDraftLabel(target.report.title);
  const numbers = sectionNumbers(await listSections(db, target.report.id));
  return reportSectionLabel(target.report.title, numbers.get(target.section.id) ?? '', target.section.title);
}
