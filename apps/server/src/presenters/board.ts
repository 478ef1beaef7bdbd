/** Response shape of the progress board: one row per written section (outline leaf). */
import type { Board, BoardRow } from '@hegao/contract';
import { daysBetween, effectiveDueDate, isHandedIn, numberOutline } from '@hegao/domain';
import { countChars, findPlaceholders } from '@hegao/schema';
import type { SectionRecord } from '@hegao/storage';
import type { Lookups } from './report.js';

/**
 * Builds the board of a report: its outline leaves in outline order (a heading with sub-sections is
 * not written itself), each with its numbers counted from `texts` (section id → plain text) and its
 * deadline (its own, else the report's) counted from `today` (YYYY-MM-DD, the calendar day where
 * due dates are written).
 * @example presentBoard(report, sections, texts, maps, '2020-07-01').sections[0] // { number: '（一）', chars: 120, overdue: false, … }
 */
export function presentBoard(
  report: { id: string; dueDate: string | null },
  sections: readonly SectionRecord[],
  texts: ReadonlyMap<string, string>,
  maps: Lookups,
  today: string,
  /** Section id → its last 催办 (epoch ms). */
  reminded: ReadonlyMap<string, number> = new Map(),
): Board {
  const byId = new Map(sections.map((s) => [s.id, s]));
  const parents = new Set(sections.map((s) => s.parentId).filter((id): id is string => id !== null));
  const rows: BoardRow[] = [];
  for (const placed of numberOutline(sections)) {
    const s = byId.get(placed.id);
    if (!s || parents.has(s.id)) continue;
    const text = texts.get(s.id) ?? '';
    const dueDate = effectiveDueDate(s, report);
    const daysToDue = dueDate ? daysBetween(today, dueDate) : null;
    rows.push({
      id: s.id,
      number: placed.number,
      title: s.title,
      bureaus: s.bureauIds.flatMap((id) => {
        const b = maps.bureaus.get(id);
        return b ? [{ id: b.id, name: b.name }] : [];
      }),
      status: s.status,
      chars: countChars(text),
      placeholders: findPlaceholders(text).length,
      lastEdit:
        s.lastEditUserId && s.lastEditAt
          ? { userId: s.lastEditUserId, name: maps.users.get(s.lastEditUserId)?.name ?? null, at: new Date(s.lastEditAt).toISOString() }
          : null,
      dueDate,
      daysToDue,
      overdue: daysToDue !== null && daysToDue < 0 && !isHandedIn(s.status),
      remindedAt: reminded.has(s.id) ? new Date(reminded.get(s.id)!).toISOString() : null,
    });
  }
  return { reportId: report.id, today, sections: rows };
}
