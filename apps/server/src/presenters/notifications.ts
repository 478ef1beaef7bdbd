/** In-app notifications as clients see them: the contract's `NOTIFICATION` (packages/contract/src/review.ts). */
import type { AppNotification } from '@hegao/contract';
import type { NotificationRecord } from '@hegao/storage';

/**
 * A stored notification as its user sees it. `titles` maps report ids to the reports' current
 * titles: `reportTitle` is null without a report (or when the report is gone). The message names
 * the report too, but notifications stored before it did, or before a rename, are told apart by it.
 */
export function presentNotification(n: NotificationRecord, titles: ReadonlyMap<string, string>): AppNotification {
  return {
    id: String(n.id),
    type: n.type,
    reportId: n.reportId,
    reportTitle: n.reportId === null ? null : (titles.get(n.reportId) ?? null),
    sectionId: n.sectionId,
    message: n.message,
    detail: n.detail,
    createdAt: new Date(n.createdAt).toISOString(),
    readAt: n.readAt === null ? null : new Date(n.readAt).toISOString(),
  };
}
