/**
 * At most `limit` tasks of a kind running at once; the others wait their turn, first come first
 * served, as a closure each.
 *
 * Why: a burst of work that all goes to one database (e.g. 5,000 access checks when 200 pages
 * open 25 sections each) would otherwise start every task at once. On PostgreSQL each started
 * check builds its queries and waits for one of the pool's few connections as a pending query
 * object with a timer of its own; that backlog lives long enough to be promoted to V8's old space
 * and grew the heap by about 100 MiB under the memory ceiling's load (docs/scaling.md). Waiting
 * here, a task costs a closure until it starts; started tasks finish quickly and die young.
 */
export class InLine {
  private running = 0;
  private readonly waiting: (() => void)[] = [];
  /** Index of the next waiter in `waiting` (a queue without the O(n) cost of shift). */
  private head = 0;

  constructor(private readonly limit: number) {
    if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`InLine limit must be a positive integer, got ${limit}`);
  }

  /** Tasks started and not yet settled. */
  get active(): number {
    return this.running;
  }

  /** Tasks waiting for their turn. */
  get queued(): number {
    return this.waiting.length - this.head;
  }

  /**
   * Runs `task` once fewer than `limit` tasks are running, and settles as it does.
   * @example const access = await checks.run(() => resolveAccess(identity, docName));
   */
  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.running >= this.limit) await new Promise<void>((resolve) => this.waiting.push(resolve));
    else this.running++;
    try {
      return await task();
    } finally {
      this.next();
    }
  }

  /** Hands the finished task's place to the first waiter (the count stays), or frees it. */
  private next(): void {
    if (this.head < this.waiting.length) {
      const resolve = this.waiting[this.head]!;
      this.waiting[this.head++] = noop;
      if (this.head > 1024 && this.head * 2 > this.waiting.length) {
        this.waiting.splice(0, this.head);
        this.head = 0;
      }
      resolve();
    } else {
      this.running--;
    }
  }
}

function noop(): void {}
