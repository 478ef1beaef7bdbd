import { useEffect, useState } from 'react';
import { sectionAnchor } from '../components/workspace/SectionHeading';
import { currentSectionId } from '../model/currentSection';

/** Pixels below the viewport top where reading happens: under the app header and report bar. */
const READING_LINE = 140;

/**
 * The id of the section the reader is in (model/currentSection.ts), following scrolling and focus
 * (once per frame at most).
 * `ids` are the sections in outline order; their blocks carry `sectionAnchor(id)`.
 */
export function useCurrentSection(ids: readonly string[]): string | null {
  const [current, setCurrent] = useState<string | null>(null);
  useEffect(() => {
    let frame = 0;
    const measure = () => {
      frame = 0;
      const tops = [];
      let focusedId: string | null = null;
      const active = document.activeElement;
      for (const id of ids) {
        const el = document.getElementById(sectionAnchor(id));
        if (!el) continue;
        const box = el.getBoundingClientRect();
        tops.push({ id, top: box.top, bottom: box.bottom });
        if (active && el.contains(active)) focusedId = id;
      }
      setCurrent(currentSectionId(tops, READING_LINE, focusedId, window.innerHeight));
    };
    const schedule = () => {
      if (!frame) frame = window.requestAnimationFrame(measure);
    };
    measure();
    window.addEventListener('scroll', schedule, { passive: true });
    window.addEventListener('resize', schedule);
    // Moving into another section's editor (a click, Tab, a 目录 jump) changes where the user is.
    document.addEventListener('focusin', schedule);
    return () => {
      window.removeEventListener('scroll', schedule);
      window.removeEventListener('resize', schedule);
      document.removeEventListener('focusin', schedule);
      if (frame) window.cancelAnimationFrame(frame);
    };
  }, [ids]);
  return current;
}
