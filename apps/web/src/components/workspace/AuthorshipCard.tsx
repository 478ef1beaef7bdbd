import { useEffect, useLayoutEffect, useState, type RefObject } from 'react';
import type { ActiveRun } from '../../editor/authorshipMarks';
import { useClock } from '../../hooks/useClock';
import { cardText } from '../../model/authorship';
import './Authorship.css';

/** Props of {@link AuthorshipCard}. */
export interface AuthorshipCardProps {
  active: ActiveRun;
  /** The positioned element the card is placed in (the editor's wrapper). */
  containerRef: RefObject<HTMLElement | null>;
  onClose: () => void;
}

/**
 * 张卫民（卫健局）· 12月3日 14:05 写入 — under the run being hovered, tapped or holding the caret.
 * Esc or a press outside the editor closes it.
 */
export function AuthorshipCard({ active, containerRef, onClose }: AuthorshipCardProps) {
  const now = new Date(useClock());
  const [place, setPlace] = useState<{ left: number; top: number } | null>(null);

  useLayoutEffect(() => {
    const box = containerRef.current?.getBoundingClientRect();
    if (!box) return;
    const left = Math.max(0, Math.min(active.rect.left - box.left, box.width - 280));
    setPlace({ left, top: active.rect.bottom - box.top + 6 });
  }, [active, containerRef]);

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') onClose();
    };
    const onPress = (event: PointerEvent) => {
      if (!containerRef.current?.contains(event.target as Node | null)) onClose();
    };
    document.addEventListener('keydown', onKey);
    document.addEventListener('pointerdown', onPress);
    return () => {
      document.removeEventListener('keydown', onKey);
      document.removeEventListener('pointerdown', onPress);
    };
  }, [containerRef, onClose]);

  return (
    <div
      className="authorship-card"
      role="status"
      data-testid="authorship-card"
      data-author-id={active.run.userId}
      style={place ? { left: place.left, top: place.top, borderLeftColor: active.run.color } : { visibility: 'hidden' }}
    >
      <span className="authorship-card__swatch" style={{ backgroundColor: active.run.color }} aria-hidden="true" />
      {cardText(active.run, now)}
    </div>
  );
}
