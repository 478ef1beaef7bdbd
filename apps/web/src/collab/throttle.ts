/** A throttled call: runs at most once per interval, always ending with a trailing run. */
export interface Throttled {
  /** Asks for a run; the first call of a quiet period runs at once, later ones are merged. */
  (): void;
  /** Cancels a pending trailing run. */
  cancel(): void;
}

/**
 * Throttles `fn` to one run per `ms` (leading and trailing), so a burst of keystrokes or awareness
 * changes costs two runs, and the last state is never missed.
 */
export function throttle(fn: () => void, ms: number): Throttled {
  let last = Number.NEGATIVE_INFINITY;
  let timer: ReturnType<typeof setTimeout> | null = null;

  const run = () => {
    timer = null;
    last = Date.now();
    fn();
  };

  const throttled = (() => {
    if (timer !== null) return;
    const wait = last + ms - Date.now();
    if (wait <= 0) run();
    else timer = setTimeout(run, wait);
  }) as Throttled;

  throttled.cancel = () => {
    if (timer !== null) clearTimeout(timer);
    timer = null;
  };
  return throttled;
}
