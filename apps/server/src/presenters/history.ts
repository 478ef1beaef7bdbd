/** A report's workflow history (`GET /api/reports/:id/history`) as the contract's `HistoryEntry`. */
import type { HistoryActor, HistoryEntry } from '@hegao/contract';
import type { SectionRecord, WorkflowEvent } from '@hegao/storage';
import type { Lookups } from './report.js';

/** A title an event recorded: `detail.title` as a string, or its new value (`{from, to}`) on a rename. */
function recordedTitle(detail: Record<string, unknown>): string | null {
  const title = detail['title'];
  if (typeof title === 'string') return title;
  if (title !== null && typeof title === 'object') {
    const to = (title as Record<string, unknown>)['to'];
    if (typeof to === 'string') return to;
  }
  return null;
}

/** An event's actor with name and bureau, as far as they still resolve. */
function presentActor(id: string, maps: Lookups): HistoryActor {
  const user = maps.users.get(id);
  const bureau = user?.bureauId ? maps.bureaus.get(user.bureauId) : undefined;
  return { id, name: user?.name ?? null, bureau: bureau ? { id: bureau.id, name: bureau.name } : null };
}

/**
 * Shapes events (in the order given) with actor names and section titles. `sections` are the
 * report's live sections; a section missing from them was deleted and is named by the latest title
 * recorded in its events (those given: the delete records it), or null when none did.
 * @example presentHistory(events, sections, maps)[0] // { type: 'section.return', actor: { id, name: '李文静' }, reason: '请补充数据', … }
 */
export function presentHistory(events: readonly WorkflowEvent[], sections: readonly SectionRecord[], maps: Lookups): HistoryEntry[] {
  const live = new Map(sections.map((s) => [s.id, s.title]));
  const recorded = new Map<string, string>();
  // Latest recorded title per section: walk oldest to newest whatever order the events come in.
  for (const e of [...events].sort((a, b) => a.id - b.id)) {
    if (e.sectionId === null) continue;
    const title = recordedTitle(e.detail);
    if (title !== null) recorded.set(e.sectionId, title);
  }
  return events.map((e) => {
    const reason = e.detail['reason'];
    return {
      id: e.id,
      at: new Date(e.createdAt).toISOString(),
      type: e.type,
      actor: e.actorId === null ? null : presentActor(e.actorId, maps),
      sectionId: e.sectionId,
      sectionTitle: e.sectionId === null ? null : (live.get(e.sectionId) ?? recorded.get(e.sectionId) ?? null),
      reason: typeof reason === 'string' ? reason : null,
      detail: e.detail,
    };
  });
}
