import { useSyncExternalStore } from 'react';

const TICK_MS = 30_000;
let now = Date.now();
const listeners = new Set<() => void>();
let timer: ReturnType<typeof setInterval> | null = null;

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  // One shared timer for every relative time on the page, running only while something shows one.
  timer ??= setInterval(() => {
    now = Date.now();
    for (const l of [...listeners]) l();
  }, TICK_MS);
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0 && timer !== null) {
      clearInterval(timer);
      timer = null;
    }
  };
}

function getNow(): number {
  return now;
}

/** The current time in ms, updated every 30 seconds (for 刚刚 / 5分钟前). */
export function useClock(): number {
  return useSyncExternalStore(subscribe, getNow);
}
