// 催办 on the board: who is offered it and how the last one reads. The server decides again,
// the once-an-hour limit included.
import { decide, remindClock } from '@hegao/domain';
import type { BoardRow } from '../../api/officeApi';
import type { Me, ReportStatus } from '../../api/types';

/**
 * Whether 催办 is offered on a row: decide()'s 'section.remind' for this user, report and section,
 * leaving out the hourly limit (a press within the hour is answered by the server with when it
 * may be done again).
 */
export function mayRemind(me: Pick<Me, 'id' | 'role' | 'bureau'>, reportStatus: ReportStatus, row: Pick<BoardRow, 'status' | 'bureaus'>): boolean {
  const actor = { id: me.id, role: me.role, bureauId: me.bureau ? me.bureau.id : null };
  const section = { status: row.status, bureauIds: row.bureaus.map((b) => b.id) };
  return decide(actor, 'section.remind', { report: { status: reportStatus }, section, remindedAt: null, now: 0 }).ok;
}

/** 已催办 14:05 (Beijing time; with the day when not today), or null when never reminded. */
export function remindedLabel(remindedAt: string | null | undefined, now: number): string | null {
  if (!remindedAt) return null;
  const at = Date.parse(remindedAt);
  return Number.isNaN(at) ? null : `已催办 ${remindClock(at, now)}`;
}
