import type { Comment } from '../../api/reviewApi';
import { useClock } from '../../hooks/useClock';
import { authorLabel, commentKind } from '../../hooks/review/threadModel';
import { formatEditTime } from '../../model/lastEdit';

/** One comment or reply: who (name · bureau or role), when, and the text. */
export function CommentItem({ comment, reply = false }: { comment: Comment; reply?: boolean }) {
  const now = useClock();
  const leader = comment.author.role === 'leader';
  return (
    <div className={reply ? 'comment-item comment-item--reply' : 'comment-item'} data-testid={reply ? 'comment-reply-item' : 'comment-root'}>
      <div className="comment-item__meta">
        <span className="comment-item__author" data-testid="comment-author">
          {authorLabel(comment.author)}
        </span>
        {leader && !reply && <span className="comment-item__kind">{commentKind(comment.author)}</span>}
        <time className="comment-item__time" dateTime={comment.createdAt} title={new Date(comment.createdAt).toLocaleString('zh-CN')}>
          {formatEditTime(comment.createdAt, new Date(now))}
        </time>
      </div>
      <p className="comment-item__body" data-testid="comment-text">
        {comment.body}
      </p>
    </div>
  );
}
