// Requests to bring a section (and a comment thread in it) into view, e.g. from a notification click.
// Kept until the section's card takes it, so it survives navigating to the report first.

/** What to bring into view. */
export interface FocusRequest {
  reportId: string;
  sectionId: string;
  /** The thread to open in the section's 批注 panel, if any. */
  threadId: string | null;
}

let pending: FocusRequest | null = null;
const listeners = new Set<() => void>();

/** Records a request and tells the listening section cards. */
export function requestFocus(request: FocusRequest): void {
  pending = request;
  for (const listener of [...listeners]) listener();
}

/** Listens for new requests; returns the remover. */
export function subscribeFocusRequests(listener: () => void): () => void {
  listeners.add(listener);
  return () => {
    listeners.delete(listener);
  };
}

/** The pending request for this section, removed from the queue; null when there is none for it. */
export function takeFocusRequest(sectionId: string): FocusRequest | null {
  if (!pending || pending.sectionId !== sectionId) return null;
  const taken = pending;
  pending = null;
  return taken;
}
