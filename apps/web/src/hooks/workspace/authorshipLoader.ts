// Keeps the authorship of a document (a section's or the final draft's) current while 显示修改人 is
// on: fetched at once, then again 800 ms after the document stops changing — so the tints follow
// colleagues' typing live without a request per keystroke.
import type * as Y from 'yjs';
import { toApiError } from '../../api/ApiError';
import type { Authorship } from '../../api/authorshipApi';
import { ValueStore } from '../../collab/ValueStore';

/** What the loader has: the last answer (kept while refetching and after a failure), loading, the last error. */
export interface AuthorshipLoad {
  data: Authorship | null;
  loading: boolean;
  /** Chinese message of the last failure; null after a success. */
  error: string | null;
}

/** Options of {@link AuthorshipLoader}. */
export interface AuthorshipLoaderOptions {
  /** Fetches the authorship, e.g. `(signal) => authorshipApi.getAuthorship(id, { signal })`. */
  fetch: (signal: AbortSignal) => Promise<Authorship>;
  /** The document described; its `update` events trigger refetches. */
  doc: Y.Doc;
  /** Quiet time after the last change before refetching; 800 ms by default. */
  debounceMs?: number;
}

const IDLE: AuthorshipLoad = { data: null, loading: false, error: null };

/** Fetches and refetches one document's authorship between `start()` and `stop()`. */
export class AuthorshipLoader {
  readonly state = new ValueStore<AuthorshipLoad>(IDLE);
  private running = false;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private controller: AbortController | null = null;
  /** The document changed while a request was out: fetch again once it answers. */
  private stale = false;

  constructor(private readonly options: AuthorshipLoaderOptions) {}

  /** Fetches now and after every burst of changes; idempotent. */
  start(): void {
    if (this.running) return;
    this.running = true;
    this.options.doc.on('update', this.onUpdate);
    void this.load();
  }

  /** Stops watching, aborts a request under way and forgets the answer. */
  stop(): void {
    if (!this.running) return;
    this.running = false;
    this.options.doc.off('update', this.onUpdate);
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.controller?.abort();
    this.controller = null;
    this.stale = false;
    this.state.set(IDLE);
  }

  private readonly onUpdate = (): void => {
    if (!this.running) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.load();
    }, this.options.debounceMs ?? 800);
  };

  private async load(): Promise<void> {
    if (this.controller) {
      this.stale = true;
      return;
    }
    const controller = new AbortController();
    this.controller = controller;
    this.state.set({ ...this.state.get(), loading: true });
    try {
      const data = await this.options.fetch(controller.signal);
      if (controller.signal.aborted) return;
      this.state.set({ data, loading: false, error: null });
    } catch (error) {
      if (controller.signal.aborted) return;
      this.state.set({ ...this.state.get(), loading: false, error: toApiError(error).message });
    } finally {
      if (this.controller === controller) this.controller = null;
    }
    if (this.stale && this.running) {
      this.stale = false;
      this.onUpdate();
    }
  }
}
