import { useState } from 'react';
import { toApiError } from '../../api/ApiError';
import type { Thread } from '../../api/reviewApi';
import { isResolved } from '../../hooks/review/threadModel';
import { useClock } from '../../hooks/useClock';
import { formatEditTime } from '../../model/lastEdit';
import { CommentComposer } from './CommentComposer';
import { CommentItem } from './CommentItem';

/** Props of {@link CommentThread}. */
export interface CommentThreadProps {
  thread: Thread;
  active: boolean;
  /** Its anchored text no longer exists. */
  orphaned: boolean;
  /** The user may resolve / reopen it. */
  mayResolve: boolean;
  onActivate: () => void;
  /** Shows the anchored text in the editor. */
  onReveal: () => void;
  onReply: (body: string) => Promise<void>;
  onSetResolved: (resolved: boolean) => Promise<void>;
}

/** One thread: the quoted text, the comment, its replies, 已解决 state, 回复 and 解决 / 重新打开. */
export function CommentThread(props: CommentThreadProps) {
  const { thread, active, orphaned, mayResolve, onActivate, onReveal, onReply, onSetResolved } = props;
  const now = useClock();
  const resolved = isResolved(thread);
  const [replying, setReplying] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function toggleResolved() {
    setBusy(true);
    setError(null);
    try {
      await onSetResolved(!resolved);
      setReplying(false);
    } catch (e) {
      setError(toApiError(e).message);
    } finally {
      setBusy(false);
    }
  }

  const classes = ['comment-thread'];
  if (active) classes.push('comment-thread--active');
  if (resolved) classes.push('comment-thread--resolved');

  return (
    <li
      className={classes.join(' ')}
      data-testid="comment-thread"
      data-thread-id={thread.id}
      data-resolved={String(resolved)}
      data-active={String(active)}
      onClick={onActivate}
    >
      {thread.quote && (
        <button
          type="button"
          className={orphaned ? 'comment-thread__quote comment-thread__quote--gone' : 'comment-thread__quote'}
          data-testid="comment-quote"
          onClick={onReveal}
          disabled={orphaned || resolved}
          title={orphaned ? '原文已被删除' : resolved ? undefined : '在正文中查看'}
        >
          {orphaned && <span className="comment-thread__gone">原文已删除</span>}
          <span className="comment-thread__quote-text">{thread.quote}</span>
        </button>
      )}
      <CommentItem comment={thread} />
      {thread.replies.length > 0 && (
        <ul className="comment-thread__replies" aria-label="回复">
          {thread.replies.map((reply) => (
            <li key={reply.id}>
              <CommentItem comment={reply} reply />
            </li>
          ))}
        </ul>
      )}
      {resolved && (
        <p className="comment-thread__resolved-by" data-testid="comment-resolved">
          <span className="comment-thread__resolved-badge">已解决</span>
          {thread.resolvedBy?.name ?? ''} {thread.resolvedAt ? formatEditTime(thread.resolvedAt, new Date(now)) : ''}
        </p>
      )}
      {error && (
        <p className="comment-thread__error" role="alert">
          {error}
        </p>
      )}
      {(!resolved || mayResolve) && !replying && (
        <div className="comment-thread__actions">
          {!resolved && (
            <button type="button" className="comment-thread__action" data-testid="comment-reply" onClick={() => setReplying(true)}>
              回复
            </button>
          )}
          {mayResolve && (
            <button
              type="button"
              className="comment-thread__action"
              data-testid="comment-resolve"
              data-resolved={String(resolved)}
              onClick={() => void toggleResolved()}
              disabled={busy}
            >
              {resolved ? '重新打开' : '解决'}
            </button>
          )}
        </div>
      )}
      {replying && (
        <CommentComposer
          label="回复内容"
          placeholder="写下回复…"
          submitLabel="回复"
          bodyTestId="comment-reply-body"
          submitTestId="comment-reply-submit"
          onSubmit={async (body) => {
            await onReply(body);
            setReplying(false);
          }}
          onCancel={() => setReplying(false)}
          autoFocus
        />
      )}
    </li>
  );
}
