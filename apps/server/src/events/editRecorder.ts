/**
 * After updates are durable: tells open clients of the report who edited a section last — at
 * most once per section every few seconds, since every keystroke is an update. The section's
 * last editor and time (最后编辑) are written by the store in the same transaction as the
 * updates (SqlDocStore), so a keystroke costs one commit and this hook writes nothing.
 */
import type { CollabLogger, StoredEvent } from '@hegao/collab';
import { getSectionByDocName, getUser, type Db } from '@hegao/storage';
import type { ReportEvents } from './ReportEvents.js';

const THROTTLE_MS = 3000;

/** Creates the `onStored` hook of the collab server. */
export function editRecorder(db: Db, events: ReportEvents, logger: CollabLogger, throttleMs = THROTTLE_MS): (stored: StoredEvent[]) => void {
  const sections = new Map<string, { sectionId: string; reportId: string }>();
  const lastSent = new Map<string, number>();
  const trailing = new Map<string, NodeJS.Timeout>();
  return (stored) => {
    const last = stored.at(-1);
    if (!last) return;
    void (async () => {
      let where = sections.get(last.docName);
      if (!where) {
        const section = await getSectionByDocName(db, last.docName);
        if (!section) return;
        where = { sectionId: section.id, reportId: section.reportId };
        sections.set(last.docName, where);
      }
      const target = where;
      const send = () => {
        lastSent.set(last.docName, Date.now());
        void getUser(db, last.userId)
          .then((user) => {
            events.publish({
              type: 'section.edit',
              reportId: target.reportId,
              sectionId: target.sectionId,
              at: new Date(last.createdAt).toISOString(),
              userId: last.userId,
              ...(user ? { userName: user.name } : {}),
            });
          })
          .catch((err: unknown) => logger.error('could not announce last edit', { error: (err as Error).message }));
      };
      const wait = throttleMs - (Date.now() - (lastSent.get(last.docName) ?? 0));
      clearTimeout(trailing.get(last.docName));
      if (wait <= 0) send();
      else {
        // The last edit of a burst is always announced, after the throttle interval.
        const timer = setTimeout(() => {
          trailing.delete(last.docName);
          send();
        }, wait);
        timer.unref();
        trailing.set(last.docName, timer);
      }
    })().catch((err: unknown) => logger.error('could not announce last edit', { error: (err as Error).message }));
  };
}
