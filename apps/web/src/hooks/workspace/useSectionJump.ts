import { useEffect, useRef } from 'react';
import { sectionAnchor } from '../../components/workspace/SectionHeading';

/** Class set on a section for a moment after a link brought the reader to it (SectionCard.css). */
export const JUMP_TARGET_CLASS = 'section-jump-target';
const FLASH_MS = 2400;

/**
 * A link to a section (#/reports/:id/sections/:sectionId) jumps there once every section shows its
 * text (`settled`): before that, sections above it still grow and would push it out of view. Jumps
 * once per section id, after the frame's layout so the smooth scroll aims at the final position,
 * and flashes the section so the eye finds it.
 */
export function useSectionJump(sectionId: string | undefined, settled: boolean, select: (sectionId: string) => void): void {
  const jumped = useRef<string | null>(null);
  useEffect(() => {
    if (!sectionId || !settled || jumped.current === sectionId) return;
    jumped.current = sectionId;
    requestAnimationFrame(() => {
      select(sectionId);
      flash(document.getElementById(sectionAnchor(sectionId)));
    });
  }, [sectionId, settled, select]);
}

function flash(element: HTMLElement | null): void {
  if (!element) return;
  element.classList.add(JUMP_TARGET_CLASS);
  window.setTimeout(() => element.classList.remove(JUMP_TARGET_CLASS), FLASH_MS);
}
