/**
 * Fair turns on the event loop. Frames of a connection are handled on a promise chain, i.e. as
 * microtasks: without a break, a socket that delivered ten thousand frames in one read would have
 * them all handled before any other socket or HTTP request is looked at. `fairTurn` ends the
 * current turn once it has run for `SLICE_MS`, so the loop polls for I/O before handling more.
 */

/** How long handling may run before others get a turn. */
export const SLICE_MS = 8;

let sliceStart = 0;
/** True while the turn that started at `sliceStart` is running (reset by a setImmediate). */
let inTurn = false;

function markTurn(): void {
  inTurn = true;
  sliceStart = performance.now();
  setImmediate(() => {
    inTurn = false;
  });
}

/**
 * Resolves at once while the current turn is young; otherwise after the event loop has polled for
 * I/O (setImmediate runs after the poll phase), starting a new turn.
 */
export async function fairTurn(): Promise<void> {
  if (!inTurn) {
    markTurn();
    return;
  }
  if (performance.now() - sliceStart < SLICE_MS) return;
  await new Promise<void>((resolve) => setImmediate(resolve));
  markTurn();
}
