import { useEffect, useState } from 'react';
import { sectionAnchor } from '../components/workspace/SectionHeading';
import { currentSectionId } from '../model/currentSection';

/** Pixels below the viewport top where reading happens: under the app header and report bar. */
const READING_LINE = 140;

/**
 * The id of the section the reader is in, following scrolling (once per frame at most).
 * `ids` are the sections in outline order; their blocks carry `sectionAnchor(id)`.
 */
export function useCurrentSection(ids: readonly string[]): string | null {
  const [current, setCurrent] = useState<string | null>(null);
  useEffect(() => {
    let frame = 0;
    const measure = () => {
      frame = 0;
      const tops = [];
      for (const id of ids) {
        const el = document.getElementById(sectionAnchor(id));
        if (el) tops.push({ id, top: el.getBoundingClientRect().top });
      }
      setCurrent(currentSectionId(tops, READING_LINE));
    };
    const schedule = () => {
      if (!frame) frame = window.requestAnimationFrame(measure);
    };
    measure();
    window.addEventListener('scroll', schedule, { passive: true });
    window.addEventListener('resize', schedule);
    return () => {
      window.removeEventListener('scroll', schedule);
      window.removeEventListener('resize', schedule);
      if (frame) window.cancelAnimationFrame(frame);
    };
  }, [ids]);
  return current;
}
