import { useEffect, useState, type RefObject } from 'react';
import type { EditorView } from 'prosemirror-view';
import { groupRuns, placeLabels, samePlacement, type MeasuredBlock, type PlacedRun } from '../../components/final/sourceRuns';

/** Height reserved for one margin label (title line + bureau line), px. */
export const SOURCE_LABEL_HEIGHT = 40;

const NONE: PlacedRun[] = [];

/**
 * Where the final draft's runs of blocks from one section are, relative to `container`, for the
 * source labels in the margin. Re-measured (once per frame at most) when the document's DOM changes
 * or anything is resized; the editor itself is left alone (no decorations near the caret).
 */
export function useSourceRuns(view: EditorView | null, container: RefObject<HTMLElement | null>): PlacedRun[] {
  const [runs, setRuns] = useState<PlacedRun[]>(NONE);

  useEffect(() => {
    const host = container.current;
    if (!view || !host) {
      setRuns(NONE);
      return;
    }
    let frame = 0;
    const measure = () => {
      frame = 0;
      if (view.isDestroyed) return;
      const origin = host.getBoundingClientRect().top;
      const blocks: MeasuredBlock[] = [];
      for (const child of Array.from(view.dom.children)) {
        const rect = child.getBoundingClientRect();
        blocks.push({ source: sourceOfElement(child), top: rect.top - origin, bottom: rect.bottom - origin });
      }
      const next = placeLabels(groupRuns(blocks), SOURCE_LABEL_HEIGHT);
      setRuns((current) => (samePlacement(current, next) ? current : next));
    };
    const schedule = () => {
      if (frame === 0) frame = requestAnimationFrame(measure);
    };

    const mutations = new MutationObserver(schedule);
    mutations.observe(view.dom, { childList: true, subtree: true, characterData: true, attributes: true, attributeFilter: ['data-source'] });
    const resizes = typeof ResizeObserver === 'undefined' ? null : new ResizeObserver(schedule);
    resizes?.observe(view.dom);
    resizes?.observe(host);
    window.addEventListener('resize', schedule);
    void document.fonts?.ready.then(schedule);
    schedule();
    return () => {
      if (frame !== 0) cancelAnimationFrame(frame);
      mutations.disconnect();
      resizes?.disconnect();
      window.removeEventListener('resize', schedule);
    };
  }, [view, container]);

  return runs;
}

/** The `data-source` of a top-level block (also when a node view wraps the element that carries it). */
function sourceOfElement(element: Element): string | null {
  const own = element.getAttribute('data-source');
  if (own) return own;
  return element.querySelector(':scope > [data-source]')?.getAttribute('data-source') || null;
}
