// Comment threads as the 批注 panel shows them: grouped, ordered, merged with the server's answers.
import type { Comment, CommentAuthor, Thread } from '../../api/reviewApi';
import type { Me } from '../../api/types';
import type { HighlightAnchor } from '../../editor/commentHighlights';
import { roleLabel } from '../../model/labels';

/** A thread with where its text lies now. */
export interface ThreadEntry {
  thread: Thread;
  /** Document position of the anchored text, or null (no anchor, or its text is gone). */
  position: number | null;
  /** It had an anchor whose text no longer exists: show the quote as 原文已删除. */
  orphaned: boolean;
}

/** The panel's two groups. */
export interface GroupedThreads {
  /** Unresolved: in document order, then those without a place, oldest first. */
  open: ThreadEntry[];
  /** 已解决: most recently resolved first. */
  resolved: ThreadEntry[];
}

/**
 * Groups threads into open and resolved ones and orders them: open threads as their text appears in
 * the document (`positions` by thread id, from the highlights), threads without a place after them.
 */
export function groupThreads(threads: readonly Thread[], positions: ReadonlyMap<string, { from: number }>): GroupedThreads {
  const entries = threads.map((thread): ThreadEntry => {
    const position = positions.get(thread.id)?.from ?? null;
    return { thread, position, orphaned: thread.anchor !== null && position === null && !isResolved(thread) };
  });
  const open = entries.filter((e) => !isResolved(e.thread));
  const resolved = entries.filter((e) => isResolved(e.thread));
  open.sort((a, b) => {
    if (a.position !== null && b.position !== null) return a.position - b.position || byCreated(a, b);
    if (a.position !== null) return -1;
    if (b.position !== null) return 1;
    return byCreated(a, b);
  });
  resolved.sort((a, b) => time(b.thread.resolvedAt) - time(a.thread.resolvedAt) || byCreated(a, b));
  return { open, resolved };
}

/** Whether the thread is 已解决. */
export function isResolved(thread: Pick<Comment, 'resolvedAt'>): boolean {
  return thread.resolvedAt !== null;
}

/** How many threads are still open (the count on the 批注 button). */
export function openThreadCount(threads: readonly Thread[]): number {
  return threads.filter((t) => !isResolved(t)).length;
}

/** Threads with `thread` put in (replacing the one with its id, else appended). */
export function upsertThread(threads: readonly Thread[], thread: Thread): Thread[] {
  const id = thread.id;
  const at = threads.findIndex((t) => t.id === id);
  if (at < 0) return [...threads, thread];
  const next = threads.slice();
  next[at] = thread;
  return next;
}

/** Threads with `reply` added to its thread (once); unchanged when its thread is unknown. */
export function addReply(threads: readonly Thread[], reply: Comment): Thread[] {
  const root = reply.parentId;
  return threads.map((t) =>
    t.id === root && !t.replies.some((r) => r.id === reply.id) ? { ...t, replies: [...t.replies, reply] } : t,
  );
}

/** The ranges to highlight in the editor: open threads that have an anchor. */
export function highlightAnchors(threads: readonly Thread[]): HighlightAnchor[] {
  return threads.filter((t) => t.anchor !== null && !isResolved(t)).map((t) => ({ id: t.id, anchor: t.anchor! }));
}

/** 张卫民 · 卫健局, 周区长 · 领导: the name with the bureau, or the role when there is none. */
export function authorLabel(author: CommentAuthor): string {
  const where = author.bureau?.name ?? (author.role ? roleLabel(author.role) : '');
  return where ? `${author.name} · ${where}` : author.name;
}

/** 批示 for a leader's comment, 批注 for everyone else's. */
export function commentKind(author: Pick<CommentAuthor, 'role'>): '批示' | '批注' {
  return author.role === 'leader' ? '批示' : '批注';
}

/**
 * Whether the user may resolve or reopen a thread, as the server decides it: the author, the office
 * secretary, or an editor of a bureau the section is assigned to.
 */
export function mayResolveThread(me: Pick<Me, 'id' | 'role' | 'bureau'>, thread: Pick<Comment, 'author'>, sectionBureaus: readonly { id: string }[]): boolean {
  if (thread.author.id === me.id) return true;
  if (me.role === 'secretary') return true;
  if (me.role !== 'editor' || !me.bureau) return false;
  const own = me.bureau.id;
  return sectionBureaus.some((b) => b.id === own);
}

function time(iso: string | null | undefined): number {
  const t = iso ? Date.parse(iso) : NaN;
  return Number.isNaN(t) ? 0 : t;
}

function byCreated(a: ThreadEntry, b: ThreadEntry): number {
  return time(a.thread.createdAt) - time(b.thread.createdAt);
}
