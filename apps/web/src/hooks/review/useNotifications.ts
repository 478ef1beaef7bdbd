import { useCallback, useEffect, useRef, useState } from 'react';
import { toApiError } from '../../api/ApiError';
import { reviewApi, type AppNotification } from '../../api/reviewApi';
import {
  EMPTY_NOTIFICATIONS,
  markAllNotificationsRead,
  markNotificationRead,
  mergeNotifications,
  type NotificationsState,
} from './notificationModel';
import { useReportStream } from '../useReportStream';
import { useRouteReportId } from './useRouteReportId';

/** How often the unread notifications are polled. */
export const NOTIFICATION_POLL_MS = 30_000;

/** The signed-in user's notifications, for the bell. */
export interface Notifications {
  state: NotificationsState;
  /** The full list is being fetched (the dropdown was opened). */
  loading: boolean;
  error: string | null;
  /** Marks one read at once and tells the server. */
  markRead: (notification: AppNotification) => void;
  /** 全部已读. */
  markAllRead: () => void;
}

/**
 * Polls `GET /api/notifications?unread=1` every 30 s, when the tab becomes visible again, and on the
 * current report's `notification` events. While `open` (the dropdown shows), the full list is fetched
 * too, read ones included.
 */
export function useNotifications(open: boolean): Notifications {
  const [state, setState] = useState<NotificationsState>(EMPTY_NOTIFICATIONS);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const alive = useRef(true);
  const openRef = useRef(open);

  const fetchList = useCallback(async (unreadOnly: boolean) => {
    try {
      const list = await reviewApi.listNotifications({ unreadOnly });
      if (!alive.current) return;
      setState((current) => mergeNotifications(current, list, unreadOnly, new Date().toISOString()));
      setError(null);
    } catch (e) {
      if (alive.current) setError(toApiError(e).message);
    }
  }, []);

  const loadAll = useCallback(() => {
    setLoading(true);
    void fetchList(false).finally(() => {
      if (alive.current) setLoading(false);
    });
  }, [fetchList]);

  const refresh = useCallback(() => {
    if (openRef.current) loadAll();
    else void fetchList(true);
  }, [fetchList, loadAll]);

  useEffect(() => {
    openRef.current = open;
    if (open) loadAll();
  }, [open, loadAll]);

  useEffect(() => {
    alive.current = true;
    refresh();
    const timer = setInterval(refresh, NOTIFICATION_POLL_MS);
    const onVisible = () => {
      if (document.visibilityState === 'visible') refresh();
    };
    document.addEventListener('visibilitychange', onVisible);
    return () => {
      alive.current = false;
      clearInterval(timer);
      document.removeEventListener('visibilitychange', onVisible);
    };
  }, [refresh]);

  useReportStream(useRouteReportId(), (event) => {
    if (event.type === 'notification' || event.type === 'reconnected') refresh();
  });

  const markRead = useCallback((notification: AppNotification) => {
    if (notification.readAt !== null) return;
    setState((current) => markNotificationRead(current, notification.id, new Date().toISOString()));
    reviewApi.markNotificationRead(notification.id).catch((e: unknown) => {
      if (alive.current) setError(toApiError(e).message);
    });
  }, []);

  const markAllRead = useCallback(() => {
    setState((current) => markAllNotificationsRead(current, new Date().toISOString()));
    reviewApi.markAllNotificationsRead().catch((e: unknown) => {
      if (!alive.current) return;
      setError(toApiError(e).message);
      refresh();
    });
  }, [refresh]);

  return { state, loading, error, markRead, markAllRead };
}
