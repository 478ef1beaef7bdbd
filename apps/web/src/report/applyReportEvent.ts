import type { ReportStreamEvent } from '../hooks/reportStream';
import type { LastEdit } from '../api/types';
import type { ReportLoader } from './ReportLoader';

/**
 * The last edit a `section.edit` event announces, or null when the event carries no complete
 * edit (any other event, or an older server without `userName`).
 */
export function lastEditOf(event: ReportStreamEvent): { sectionId: string; lastEdit: LastEdit } | null {
  if (event.type !== 'section.edit' || !event.sectionId || !event.userId || !event.at || event.userName === undefined) return null;
  return { sectionId: event.sectionId, lastEdit: { userId: event.userId, name: event.userName, at: event.at } };
}

/**
 * Brings a loaded report up to date with one server event: an edit only changes a section's
 * 最后编辑, which the event itself carries, so it is patched in place; everything else
 * (workflow, outline, assignment, a reconnection) refetches the report. With 20 people typing in
 * 30 sections, edits are most of the events, and refetching the whole report on each of them
 * would have every open page download it several times a second.
 */
export function applyReportEvent(loader: ReportLoader | null | undefined, event: ReportStreamEvent): void {
  if (!loader) return;
  const edit = lastEditOf(event);
  if (edit) loader.patchSection({ id: edit.sectionId, lastEdit: edit.lastEdit });
  else loader.refetch();
}
