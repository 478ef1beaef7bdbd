import { SECTION_VIEW } from '@hegao/contract';
import type { ReportDetail, ReportSection } from '../api/types';
import { LiveLoader, type LiveState } from './LiveLoader';

/** A report that stays on screen while it is refetched. */
export type LiveReportState = LiveState<ReportDetail>;

/**
 * Loads one report and refetches it on demand (after every server event) without ever going back
 * to a loading state: the page keeps showing the last good copy, so editors are not remounted.
 * Refetches requested while one is running are merged into a single follow-up request.
 *
 * @example
 * const loader = new ReportLoader('r1', (id, signal) => api.getReport(id, signal));
 * loader.store.subscribe(() => render(loader.store.get()));
 */
export class ReportLoader extends LiveLoader<ReportDetail> {
  constructor(
    readonly id: string,
    load: (id: string, signal: AbortSignal) => Promise<ReportDetail>,
  ) {
    super((signal) => load(id, signal));
  }

  /**
   * A refetch that read the database before an edit was recorded would put back an older 最后编辑
   * than the one an event already patched in: the newer of the two stays.
   */
  protected override reconcile(fetched: ReportDetail, shown: ReportDetail): ReportDetail {
    const shownEdits = new Map(shown.sections.map((s) => [s.id, s.lastEdit]));
    let changed = false;
    const sections = fetched.sections.map((s) => {
      const patched = shownEdits.get(s.id);
      if (!patched || (s.lastEdit && Date.parse(s.lastEdit.at) >= Date.parse(patched.at))) return s;
      changed = true;
      return { ...s, lastEdit: patched };
    });
    return changed ? { ...fetched, sections } : fetched;
  }

  /**
   * Applies what the server said of a section before the refetch arrives: the section a workflow
   * step answered (提交, 通过, 退回 — shown alone, so its outline place is kept), or the fields an
   * event carries (最后编辑). Only the contract's section fields are taken (not an answer's `warnings`).
   */
  patchSection(section: Partial<ReportSection> & { id: string }): void {
    const state = this.store.get();
    if (state.status !== 'ready') return;
    const sections = state.data.sections.map((s) => (s.id === section.id ? { ...s, ...pickDefined(section), number: s.number, level: s.level } : s));
    this.store.set({ ...state, data: { ...state.data, sections } });
  }
}

/** The fields a section has in the contract (`SECTION_VIEW`). */
const SECTION_FIELDS: ReadonlySet<string> = new Set(Object.keys(SECTION_VIEW.shape));

function pickDefined(record: Partial<ReportSection>): Partial<ReportSection> {
  return Object.fromEntries(Object.entries(record).filter(([key, v]) => v !== undefined && SECTION_FIELDS.has(key)));
}
