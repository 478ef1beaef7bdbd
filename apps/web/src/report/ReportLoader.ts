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

  /** Applies a section the server returned (e.g. after submit) before the refetch arrives. */
  patchSection(section: Partial<ReportSection> & { id: string }): void {
    const state = this.store.get();
    if (state.status !== 'ready') return;
    const sections = state.data.sections.map((s) => (s.id === section.id ? { ...s, ...pickDefined(section), number: s.number, level: s.level } : s));
    this.store.set({ ...state, data: { ...state.data, sections } });
  }
}

function pickDefined(record: Partial<ReportSection>): Partial<ReportSection> {
  return Object.fromEntries(Object.entries(record).filter(([, v]) => v !== undefined));
}
