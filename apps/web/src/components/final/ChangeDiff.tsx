import { useMemo, useState } from 'react';
import type { MergeChange } from '../../api/finalApi';
import { collapseEqual, diffStats, diffText } from './textDiff';

/** Props of {@link ChangeDiff}. */
export interface ChangeDiffProps {
  change: MergeChange;
  /** `（二）疫情防控` when the section is still in the outline; else the title the server sent. */
  label: string;
}

/** One re-merged section: its text before and after, insertions in green and deletions in red. */
export function ChangeDiff({ change, label }: ChangeDiffProps) {
  const [full, setFull] = useState(false);
  const parts = useMemo(() => diffText(change.before, change.after), [change.before, change.after]);
  const stats = useMemo(() => diffStats(parts), [parts]);
  const shown = useMemo(() => (full ? parts : collapseEqual(parts)), [full, parts]);
  const collapsed = shown.some((p) => p.kind === 'gap');

  return (
    <li className="final-change" data-testid="final-change" data-section-id={String(change.sectionId)}>
      <div className="final-change__head">
        <h3 className="final-change__title">{label}</h3>
        <span className="final-change__stats">
          {stats.inserted > 0 && <span className="final-change__added">新增 {stats.inserted} 字</span>}
          {stats.deleted > 0 && <span className="final-change__removed">删除 {stats.deleted} 字</span>}
          {stats.inserted === 0 && stats.deleted === 0 && <span>仅格式或空白变化</span>}
        </span>
        {(collapsed || full) && (
          <button type="button" className="final-change__toggle" onClick={() => setFull((v) => !v)} aria-expanded={full}>
            {full ? '只看改动' : '显示全文'}
          </button>
        )}
      </div>
      <p className="final-diff" data-testid="final-diff">
        {shown.map((part, i) =>
          part.kind === 'gap' ? (
            <span key={i} className="final-diff__gap" title={`省略了 ${part.hidden} 个未改动的字`}>
              …
            </span>
          ) : part.kind === 'insert' ? (
            <ins key={i} className="final-diff__ins">
              {part.text}
            </ins>
          ) : part.kind === 'delete' ? (
            <del key={i} className="final-diff__del">
              {part.text}
            </del>
          ) : (
            <span key={i}>{part.text}</span>
          ),
        )}
      </p>
    </li>
  );
}
