// Going from a block of the final draft to the section it came from on the report page.
import { sectionAnchor } from '../workspace/SectionHeading';
import { navigate } from '../../router/navigate';
import { reportHref } from '../../router/route';

/** Class set on the section for a moment after the jump (styled in FinalDraft.css). */
export const JUMP_TARGET_CLASS = 'final-jump-target';

const WAIT_MS = 8000;
const POLL_MS = 80;
/** Sections above the target fill in as their documents sync: keep it aligned for this long. */
const SETTLE_MS = 1500;

/**
 * Opens the report page and scrolls to a section once it is rendered. The section is kept in place
 * while the page settles (documents above it loading), until the user scrolls or types themselves.
 *
 * @example
 * jumpToSection('r1', 's7');
 */
export function jumpToSection(reportId: string, sectionId: string, win: Window = window): void {
  navigate(reportHref(reportId));
  const started = Date.now();
  let settleUntil = 0;
  let stopped = false;
  const stop = () => {
    stopped = true;
    for (const type of ['wheel', 'touchstart', 'keydown', 'mousedown'] as const) win.removeEventListener(type, stop);
  };
  for (const type of ['wheel', 'touchstart', 'keydown', 'mousedown'] as const) win.addEventListener(type, stop, { passive: true });

  const tick = () => {
    if (stopped) return;
    const target = win.document.getElementById(sectionAnchor(sectionId));
    const now = Date.now();
    if (!target) {
      if (now - started < WAIT_MS) win.setTimeout(tick, POLL_MS);
      else stop();
      return;
    }
    if (settleUntil === 0) {
      settleUntil = now + SETTLE_MS;
      target.classList.add(JUMP_TARGET_CLASS);
      win.setTimeout(() => target.classList.remove(JUMP_TARGET_CLASS), 2400);
    }
    target.scrollIntoView({ block: 'start' });
    if (now < settleUntil) win.setTimeout(tick, 250);
    else stop();
  };
  // After the route change has rendered (and the app's scroll-to-top on navigation has run).
  win.setTimeout(tick, POLL_MS);
}
