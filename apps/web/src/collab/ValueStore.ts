/**
 * A value that can be read and watched, shaped for `useSyncExternalStore`: `get` returns the same
 * object until `set` is given a different one, and listeners run only on a real change.
 *
 * @example
 * const store = new ValueStore(0);
 * const stop = store.subscribe(() => console.log(store.get()));
 * store.set(1); // logs 1
 */
export class ValueStore<T> {
  private value: T;
  private readonly listeners = new Set<() => void>();

  constructor(initial: T) {
    this.value = initial;
  }

  /** The current value (stable identity between changes). */
  readonly get = (): T => this.value;

  /** Adds a listener; returns the function that removes it. */
  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  };

  /** Replaces the value and notifies listeners, unless it is the same object. */
  set(next: T): void {
    if (Object.is(next, this.value)) return;
    this.value = next;
    for (const listener of [...this.listeners]) listener();
  }

  /** Drops every listener (the owner is being destroyed). */
  clear(): void {
    this.listeners.clear();
  }
}
