import { toApiError, type ApiError } from '../api/ApiError';
import { ValueStore } from '../collab/ValueStore';

/** Data that stays on screen while it is refetched. */
export type LiveState<T> =
  | { status: 'loading' }
  | { status: 'error'; error: ApiError }
  | { status: 'ready'; data: T; refreshError: ApiError | null };

/**
 * Loads data and refetches it on demand (after every server event) without going back to a loading
 * state; a failed refetch keeps the last good copy and reports `refreshError`. Refetches asked for
 * while one runs are merged into one follow-up request. `ReportLoader` is the one of a report.
 *
 * @example
 * const loader = new LiveLoader((signal) => officeClient.getBoard('r1', signal));
 * loader.store.subscribe(() => render(loader.store.get()));
 */
export class LiveLoader<T> {
  readonly store = new ValueStore<LiveState<T>>({ status: 'loading' });
  private readonly controller = new AbortController();
  private running = false;
  private again = false;

  constructor(private readonly load: (signal: AbortSignal) => Promise<T>) {
    void this.run();
  }

  /** Fetches again; merged with a fetch already under way. */
  refetch(): void {
    if (this.controller.signal.aborted) return;
    if (this.running) {
      this.again = true;
      return;
    }
    void this.run();
  }

  /**
   * What to show once `fetched` arrives while `shown` is on screen; by default the fetched copy.
   * A subclass keeps what it patched in meanwhile and the fetch (started before) cannot know.
   */
  protected reconcile(fetched: T, _shown: T): T {
    return fetched;
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
      const fetched = await this.load(this.controller.signal);
      if (this.controller.signal.aborted) return;
      const current = this.store.get();
      const data = current.status === 'ready' ? this.reconcile(fetched, current.data) : fetched;
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
