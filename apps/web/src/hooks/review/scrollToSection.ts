// Scrolling to a section once the report page has rendered it (it may still be loading).
import { sectionAnchor } from '../../components/workspace/SectionHeading';

const WAIT_MS = 15_000;
const SETTLE_MS = 5_000;
const POLL_MS = 100;
const USER_EVENTS = ['wheel', 'touchstart', 'keydown', 'mousedown'] as const;

let cancelPending: (() => void) | null = null;

/**
 * Scrolls the section's block to the top of the page: smoothly when the page is already complete,
 * else as soon as the block exists, keeping it there while sections above it still load and change
 * height, until the user scrolls or clicks. A later call cancels an earlier one; returns the canceller.
 */
export function scrollToSection(sectionId: string): () => void {
  cancelPending?.();
  const started = Date.now();
  let firstAttempt = true;
  let alignedAt: number | null = null;
  let alignedTop = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;

  const cancel = () => {
    clearTimeout(timer);
    for (const type of USER_EVENTS) window.removeEventListener(type, cancel, true);
    if (cancelPending === cancel) cancelPending = null;
  };
  const later = () => {
    timer = setTimeout(attempt, POLL_MS);
  };
  const attempt = () => {
    const element = document.getElementById(sectionAnchor(sectionId));
    const now = Date.now();
    if (!element) {
      firstAttempt = false;
      if (now - started > WAIT_MS) cancel();
      else later();
      return;
    }
    if (firstAttempt && allSynced()) {
      element.scrollIntoView({ behavior: 'smooth', block: 'start' });
      cancel();
      return;
    }
    firstAttempt = false;
    const top = element.getBoundingClientRect().top;
    if (alignedAt === null || Math.abs(top - alignedTop) > 4) {
      element.scrollIntoView({ block: 'start' });
      alignedTop = element.getBoundingClientRect().top;
      alignedAt ??= now;
    }
    if (allSynced() || now - alignedAt > SETTLE_MS) cancel();
    else later();
  };

  cancelPending = cancel;
  for (const type of USER_EVENTS) window.addEventListener(type, cancel, true);
  // After the route change's own scroll to the top (App resets it in an effect).
  timer = setTimeout(attempt, 0);
  return cancel;
}

function allSynced(): boolean {
  const sections = document.querySelectorAll('[data-testid=section][data-doc-name]');
  if (sections.length === 0) return false;
  for (const s of sections) if (s.getAttribute('data-synced') !== 'true') return false;
  return true;
}
