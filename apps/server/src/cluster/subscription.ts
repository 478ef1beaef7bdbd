/** Builds the `Subscription` (an unsubscribe function with a `ready` promise) both buses return. */
import type { Subscription } from './bus.js';

/** `unsubscribe` runs at most once; `ready` is marked handled so an unawaited rejection is not reported. */
export function subscription(unsubscribe: () => void, ready: Promise<void>): Subscription {
  ready.catch(() => {});
  let done = false;
  const end = () => {
    if (done) return;
    done = true;
    unsubscribe();
  };
  return Object.assign(end, { ready });
}
