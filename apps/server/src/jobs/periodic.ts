/**
 * A background job run every few seconds or hours (due reminders, the account watch, the session
 * purge): a run is never overlapped by the next tick, a failure is logged and the job goes on, the
 * timer does not keep the process alive, and `stop()` waits for a run in progress.
 */
import type { CollabLogger } from '@hegao/collab';

/** A running periodic job. */
export interface PeriodicJob {
  /** Clears the timer and waits for a run in progress. */
  stop(): Promise<void>;
}

/** What a periodic job is. */
export interface PeriodicOptions {
  /** Log name of the job ('due reminders' → "due reminders failed"). */
  name: string;
  intervalMs: number;
  logger: Pick<CollabLogger, 'error'>;
  /** Run once before the first interval (the returned promise then waits for that run). */
  runAtStart?: boolean;
}

/** Starts `run` every `intervalMs`; resolves once the first run finished when `runAtStart`. */
export async function startPeriodic(options: PeriodicOptions, run: () => Promise<void>): Promise<PeriodicJob> {
  let running: Promise<void> = Promise.resolve();
  let busy = false;
  const tick = () => {
    // A slow run is not overlapped by the next tick.
    if (busy) return running;
    busy = true;
    running = run()
      .catch((err: unknown) => options.logger.error(`${options.name} failed`, { error: String((err as Error)?.stack ?? err) }))
      .finally(() => {
        busy = false;
      });
    return running;
  };
  if (options.runAtStart) await tick();
  const timer = setInterval(tick, options.intervalMs);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
