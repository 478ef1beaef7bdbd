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
  const sections = new Map<string, Where>();
  const lastSent = new Map<string, number>();
  /**
   * The newest stored event of each document whose announcement waits for the throttle interval.
   * While one waits, a keystroke only replaces it: no timer or promise per keystroke.
   */
  const waiting = new Map<string, StoredEvent>();
  const fail = (err: unknown) => logger.error('could not announce last edit', { error: (err as Error).message });

  const send = (where: Where, last: StoredEvent) => {
    lastSent.set(last.docName, Date.now());
    void getUser(db, last.userId)
      .then((user) => {
        events.publish({
          type: 'section.edit',
          reportId: where.reportId,
          sectionId: where.sectionId,
          at: new Date(last.createdAt).toISOString(),
          userId: last.userId,
          ...(user ? { userName: user.name } : {}),
        });
      })
      .catch(fail);
  };

  const schedule = (where: Where, last: StoredEvent) => {
    if (waiting.has(last.docName)) {
      // The pending trailing announcement carries the newest edit.
      waiting.set(last.docName, last);
      return;
    }
    const wait = throttleMs - (Date.now() - (lastSent.get(last.docName) ?? 0));
    if (wait <= 0) {
      send(where, last);
      return;
    }
    // The last edit of a burst is always announced, after the throttle interval.
    waiting.set(last.docName, last);
    const timer = setTimeout(() => {
      const newest = waiting.get(last.docName);
      waiting.delete(last.docName);
      if (newest) send(where, newest);
    }, wait);
    timer.unref();
  };

  return (stored) => {
    const last = stored.at(-1);
    if (!last) return;
    const known = sections.get(last.docName);
    if (known) {
      schedule(known, last);
      return;
    }
    void getSectionByDocName(db, last.docName)
      .then((section) => {
        if (!section) return;
        const where = sections.get(last.docName) ?? { sectionId: section.id, reportId: section.reportId };
        sections.set(last.docName, where);
        schedule(where, last);
      })
      .catch(fail);
  };
}

interface Where {
  sectionId: string;
  reportId: string;
}
