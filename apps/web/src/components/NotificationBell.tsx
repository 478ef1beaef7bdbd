import { useEffect, useId, useRef, useState } from 'react';
import type { AppNotification } from '../api/reviewApi';
import { requestFocus } from '../hooks/review/focusRequests';
import { badgeText, notificationReportCaption, notificationTarget, notificationTone, notificationTypeLabel } from '../hooks/review/notificationModel';
import { useNotifications } from '../hooks/review/useNotifications';
import { useClock } from '../hooks/useClock';
import { formatEditTime } from '../model/lastEdit';
import { navigate } from '../router/navigate';
import './NotificationBell.css';

/**
 * The header's bell: unread count, and a dropdown of the newest notifications (unread in bold). A
 * click marks one read and opens its report at its section (and comment thread); 全部已读 reads all.
 */
export function NotificationBell() {
  const [open, setOpen] = useState(false);
  const notifications = useNotifications(open);
  const { unread, items } = notifications.state;
  const rootRef = useRef<HTMLDivElement>(null);
  const panelId = useId();
  const now = useClock();

  // Close on a click elsewhere and on Esc.
  useEffect(() => {
    if (!open) return;
    const onPointer = (event: PointerEvent) => {
      if (!rootRef.current?.contains(event.target as Node)) setOpen(false);
    };
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') setOpen(false);
    };
    document.addEventListener('pointerdown', onPointer);
    document.addEventListener('keydown', onKey);
    return () => {
      document.removeEventListener('pointerdown', onPointer);
      document.removeEventListener('keydown', onKey);
    };
  }, [open]);

  function handleOpen(notification: AppNotification) {
    notifications.markRead(notification);
    setOpen(false);
    const target = notificationTarget(notification);
    if (!target) return;
    if (target.sectionId) requestFocus({ reportId: target.reportId, sectionId: target.sectionId, threadId: target.threadId });
    if (window.location.hash !== target.href) navigate(target.href);
  }

  const badge = badgeText(unread);
  return (
    <div className="notification-bell" ref={rootRef}>
      <button
        type="button"
        className={open ? 'notification-bell__button notification-bell__button--open' : 'notification-bell__button'}
        data-testid="notifications-bell"
        data-count={unread}
        aria-label={unread > 0 ? `通知，${unread}条未读` : '通知'}
        aria-expanded={open}
        aria-controls={panelId}
        onClick={() => setOpen((v) => !v)}
        title="通知"
      >
        <svg viewBox="0 0 20 20" width="18" height="18" aria-hidden="true">
          <path
            d="M10 2.5a5 5 0 0 0-5 5v2.8L3.6 13a.8.8 0 0 0 .7 1.2h11.4a.8.8 0 0 0 .7-1.2L15 10.3V7.5a5 5 0 0 0-5-5ZM8 15.5a2 2 0 0 0 4 0"
            fill="none"
            stroke="currentColor"
            strokeWidth="1.5"
            strokeLinecap="round"
            strokeLinejoin="round"
          />
        </svg>
        {badge && (
          <span className="notification-bell__badge" data-testid="notifications-badge" aria-hidden="true">
            {badge}
          </span>
        )}
      </button>

      {open && (
        <div className="notification-bell__panel" id={panelId} data-testid="notifications-panel" role="dialog" aria-label="通知">
          <div className="notification-bell__head">
            <span className="notification-bell__title">通知{unread > 0 ? `（${unread}条未读）` : ''}</span>
            <button
              type="button"
              className="notification-bell__read-all"
              data-testid="notifications-read-all"
              onClick={notifications.markAllRead}
              disabled={unread === 0}
            >
              全部已读
            </button>
          </div>
          {notifications.error && (
            <p className="notification-bell__error" role="alert">
              {notifications.error}
            </p>
          )}
          {items.length === 0 ? (
            <p className="notification-bell__empty">{notifications.loading ? '正在加载…' : '暂无通知'}</p>
          ) : (
            <ul className="notification-bell__list">
              {items.map((n) => {
                const isUnread = n.readAt === null;
                const caption = notificationReportCaption(n);
                return (
                  <li key={n.id}>
                    <button
                      type="button"
                      className={isUnread ? 'notification-item notification-item--unread' : 'notification-item'}
                      data-testid="notification-item"
                      data-notification-id={n.id}
                      data-type={n.type}
                      data-unread={String(isUnread)}
                      onClick={() => handleOpen(n)}
                    >
                      <span className={`notification-item__type notification-item__type--${notificationTone(n.type)}`}>{notificationTypeLabel(n.type)}</span>
                      <span className="notification-item__main">
                        {caption && <span className="notification-item__report">{caption}</span>}
                        <span className="notification-item__message">{n.message}</span>
                        <time className="notification-item__time" dateTime={n.createdAt} title={new Date(n.createdAt).toLocaleString('zh-CN')}>
                          {formatEditTime(n.createdAt, new Date(now))}
                        </time>
                      </span>
                      {isUnread && <span className="notification-item__dot" aria-label="未读" />}
                    </button>
                  </li>
                );
              })}
            </ul>
          )}
        </div>
      )}
    </div>
  );
}
