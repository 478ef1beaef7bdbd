import { useEffect, useMemo, useRef, useState } from 'react';
import type { EditorView } from 'prosemirror-view';
import type { Me, ReportSection } from '../../api/types';
import { RelativePositionCache, resolveAnchor } from '../../editor/commentAnchors';
import { groupThreads, mayResolveThread, type ThreadEntry } from '../../hooks/review/threadModel';
import type { SectionComments } from '../../hooks/review/useSectionComments';
import { useEditorDoc } from '../../hooks/review/useEditorDoc';
import { CommentComposer } from './CommentComposer';
import { CommentThread } from './CommentThread';
import './CommentsPanel.css';

/** Props of {@link CommentsPanel}. */
export interface CommentsPanelProps {
  id: string;
  comments: SectionComments;
  section: ReportSection;
  me: Me;
  view: EditorView | null;
}

/**
 * The side panel of a section's 批注: the draft of a new comment, open threads in the order of their
 * text, then the 已解决 ones (folded). Re-renders with the document while open, so the order and the
 * 原文已删除 state follow the edits.
 */
export function CommentsPanel({ id, comments, section, me, view }: CommentsPanelProps) {
  const doc = useEditorDoc(view);
  const [cache] = useState(() => new RelativePositionCache());
  const threads = comments.threads;
  const positions = useMemo(() => {
    const found = new Map<string, { from: number; to: number }>();
    if (!view || view.isDestroyed || !doc || !threads) return found;
    for (const t of threads) {
      const range = t.anchor ? resolveAnchor(view.state, t.anchor, cache) : null;
      if (range) found.set(t.id, range);
    }
    return found;
  }, [view, doc, threads, cache]);
  const grouped = useMemo(() => groupThreads(threads ?? [], positions), [threads, positions]);

  const activeResolved = grouped.resolved.some((e) => e.thread.id === comments.activeId);
  const [showResolved, setShowResolved] = useState(false);
  useEffect(() => {
    if (activeResolved) setShowResolved(true);
  }, [activeResolved]);

  const listRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const list = listRef.current;
    if (!comments.activeId || !list) return;
    const item = list.querySelector<HTMLElement>(`[data-thread-id="${CSS.escape(comments.activeId)}"]`);
    if (item) scrollWithin(list, item);
  }, [comments.activeId, showResolved]);

  const leader = me.role === 'leader';
  const kind = leader ? '批示' : '批注';

  function reveal(threadId: string) {
    comments.setActiveId(threadId);
    const range = positions.get(threadId);
    if (!range || !view || view.isDestroyed) return;
    const { node } = view.domAtPos(range.from);
    const element = node.nodeType === 1 ? (node as Element) : node.parentElement;
    element?.scrollIntoView?.({ block: 'center', behavior: 'smooth' });
  }

  const renderEntry = ({ thread, orphaned }: ThreadEntry) => {
    const threadId = thread.id;
    return (
      <CommentThread
        key={threadId}
        thread={thread}
        active={threadId === comments.activeId}
        orphaned={orphaned}
        mayResolve={mayResolveThread(me, thread, section.bureaus)}
        onActivate={() => comments.setActiveId(threadId)}
        onReveal={() => reveal(threadId)}
        onReply={(body) => comments.reply(threadId, body)}
        onSetResolved={(resolved) => comments.setResolved(threadId, resolved)}
      />
    );
  };

  return (
    <aside id={id} className="comments-panel" data-testid="comments-panel" aria-label={`${section.number}${section.title}的批注`}>
      <header className="comments-panel__header">
        <h4 className="comments-panel__title">批注</h4>
        <span className="comments-panel__summary">
          {threads === null ? '' : grouped.open.length > 0 ? `${grouped.open.length} 条未解决` : '暂无未解决'}
        </span>
        <button type="button" className="comments-panel__close" onClick={comments.togglePanel} aria-label="收起批注" title="收起批注">
          ×
        </button>
      </header>

      <div className="comments-panel__scroll" ref={listRef}>
        {comments.draftError && (
          <p className="comments-panel__error" role="alert">
            {comments.draftError}
          </p>
        )}
        {comments.draft && (
          <div className="comments-panel__draft" data-testid="comment-draft">
            <p className="comments-panel__draft-label">新建{kind}</p>
            <p className="comment-thread__quote comment-thread__quote--static">
              <span className="comment-thread__quote-text">{comments.draft.quote}</span>
            </p>
            <CommentComposer
              key={comments.draft.anchor.from + comments.draft.anchor.to}
              label={`${kind}内容`}
              placeholder={leader ? '写下您的批示，可用 @姓名 提醒相关人员' : '写下批注，可用 @姓名 提醒相关人员'}
              submitLabel={`发表${kind}`}
              bodyTestId="comment-body"
              submitTestId="comment-submit"
              onSubmit={comments.submitDraft}
              onCancel={comments.cancelDraft}
              autoFocus
            />
          </div>
        )}

        {threads === null && !comments.error && <p className="comments-panel__muted">正在加载批注…</p>}
        {comments.error && (
          <p className="comments-panel__error" role="alert">
            批注加载失败：{comments.error}{' '}
            <button type="button" className="comments-panel__retry" onClick={comments.reload}>
              重试
            </button>
          </p>
        )}
        {threads !== null && grouped.open.length === 0 && !comments.draft && (
          <p className="comments-panel__empty">在正文中选中文字，点击「新建{kind}」即可{kind}。</p>
        )}

        {grouped.open.length > 0 && <ul className="comments-panel__list">{grouped.open.map(renderEntry)}</ul>}

        {grouped.resolved.length > 0 && (
          <div className="comments-panel__resolved">
            <button
              type="button"
              className="comments-panel__resolved-toggle"
              data-testid="comments-resolved-toggle"
              aria-expanded={showResolved}
              onClick={() => setShowResolved((v) => !v)}
            >
              <span aria-hidden="true">{showResolved ? '▾' : '▸'}</span> 已解决（{grouped.resolved.length}）
            </button>
            {showResolved && <ul className="comments-panel__list">{grouped.resolved.map(renderEntry)}</ul>}
          </div>
        )}
      </div>
    </aside>
  );
}


/** Scrolls `list` (only it, never the page) so that `item` is visible. */
function scrollWithin(list: HTMLElement, item: HTMLElement): void {
  const listBox = list.getBoundingClientRect();
  const itemBox = item.getBoundingClientRect();
  if (itemBox.top < listBox.top) list.scrollTop -= listBox.top - itemBox.top + 8;
  else if (itemBox.bottom > listBox.bottom) list.scrollTop += Math.min(itemBox.bottom - listBox.bottom + 8, itemBox.top - listBox.top - 8);
}
