import { toApiError, type ApiError } from '../api/ApiError';
import type { ReportDetail } from '../api/types';
import { ValueStore } from '../collab/ValueStore';

/** A report that stays on screen while it is refetched. */
export type LiveReportState =
  | { status: 'loading' }
  | { status: 'error'; error: ApiError }
  | { status: 'ready'; data: ReportDetail; refreshError: ApiError | null };

/**
 * Loads one report and refetches it on demand (after every server event) without ever going back
 * to a loading state: the page keeps showing the last good copy, so editors are not remounted.
 * Refetches requested while one is running are merged into a single follow-up request.
 *
 * @example
 * const loader = new ReportLoader('r1', (id, signal) => api.getReport(id, signal));
 * loader.store.subscribe(() => render(loader.store.get()));
 */
export class ReportLoader {
  readonly store = new ValueStore<LiveReportState>({ status: 'loading' });
  private readonly controller = new AbortController();
  private running = false;
  private again = false;

  constructor(
    readonly id: string,
    private readonly load: (id: string, signal: AbortSignal) => Promise<ReportDetail>,
  ) {
    void this.run();
  }

  /** Fetches the report again; merged with a fetch already under way. */
  refetch(): void {
    if (this.controller.signal.aborted) return;
    if (this.running) {
      this.again = true;
      return;
    }
    void this.run();
  }

  /** Applies a section the server returned (e.g. after submit) before the refetch arrives. */
  patchSection(section: { id: string | number } & Record<string, unknown>): void {
    const state = this.store.get();
    if (state.status !== 'ready') return;
    const sections = state.data.sections.map((s) => (String(s.id) === String(section.id) ? { ...s, ...pickDefined(section), number: s.number, level: s.level } : s));
    this.store.set({ ...state, data: { ...state.data, sections } });
  }

  /** Stops fetching. */
  destroy(): void {
    this.controller.abort();
    this.store.clear();
  }

  private async run(): Promise<void> {
    this.running = true;
    this.again = false;
    try {
      const data = await this.load(this.id, this.controller.signal);
      if (this.controller.signal.aborted) return;
      this.store.set({ status: 'ready', data, refreshError: null });
    } catch (error) {
      if (this.controller.signal.aborted) return;
      const current = this.store.get();
      const apiError = toApiError(error);
      this.store.set(current.status === 'ready' ? { ...current, refreshError: apiError } : { status: 'error', error: apiError });
    } finally {
      this.running = false;
    }
    if (this.again) void this.run();
  }
}

function pickDefined(record: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(record).filter(([, v]) => v !== undefined));
}
