import { useMemo, useState } from 'react';
import type { HistoryDiffPart } from '../../api/sectionHistoryApi';
import { translucent } from '../../model/authorship';
import { diffCounts, diffPeople, diffRuns, foldUnchanged } from '../../model/historyText';
import { TINT_ALPHA } from '../../editor/authorshipMarks';
import './SectionHistory.css';

/** Props of {@link DiffText}. */
export interface DiffTextProps {
  parts: readonly HistoryDiffPart[];
  now: Date;
  /** `data-testid` of the text. */
  testId?: string;
}

/**
 * The changes between two points: insertions underlined and tinted in their writer's colour,
 * deletions struck through in their deleter's; hover names who and when. Long unchanged stretches
 * are folded until 显示全文.
 */
export function DiffText({ parts, now, testId = 'history-diff' }: DiffTextProps) {
  const [full, setFull] = useState(false);
  const runs = useMemo(() => diffRuns(parts, now), [parts, now]);
  const shown = useMemo(() => (full ? runs : foldUnchanged(runs)), [full, runs]);
  const counts = useMemo(() => diffCounts(parts), [parts]);
  const people = useMemo(() => diffPeople(parts), [parts]);
  const folded = shown.some((r) => r.kind === 'gap');

  return (
    <div className="sh-diff">
      <div className="sh-diff__bar">
        <span className="sh-diff__stats" data-testid="history-diff-stats">
          {!counts.changed && '两个时间点之间文字没有变化'}
          {counts.inserted > 0 && <span className="sh-diff__added">新增 {counts.inserted} 字</span>}
          {counts.deleted > 0 && <span className="sh-diff__removed">删除 {counts.deleted} 字</span>}
          {counts.changed && counts.inserted === 0 && counts.deleted === 0 && '仅空白或换行变化'}
        </span>
        {people.length > 0 && (
          <span className="sh-diff__people" data-testid="history-diff-people">
            修改人：
            {people.map((p, i) => (
              <span key={p.key} className="sh-diff__person">
                {i > 0 && '、'}
                <span className="sh-diff__swatch" style={{ backgroundColor: p.color }} aria-hidden="true" />
                {p.label}
              </span>
            ))}
          </span>
        )}
        {(folded || full) && (
          <button type="button" className="sh-link" onClick={() => setFull((v) => !v)} aria-expanded={full}>
            {full ? '只看改动' : '显示全文'}
          </button>
        )}
      </div>
      <p className="sh-diff__text" data-testid={testId}>
        {shown.map((run, i) => {
          if (run.kind === 'gap') {
            return (
              <span key={i} className="sh-diff__gap" title={`省略了 ${run.hidden} 个未改动的字`}>
                …
              </span>
            );
          }
          if (run.kind === 'equal') return <span key={i}>{run.text}</span>;
          const Tag = run.kind === 'insert' ? 'ins' : 'del';
          const style =
            run.kind === 'insert'
              ? { backgroundColor: translucent(run.color, TINT_ALPHA), textDecorationColor: run.color }
              : { color: run.color, textDecorationColor: run.color };
          return (
            <Tag key={i} className={`sh-diff__${run.kind}`} title={run.title} data-author-id={run.userId ?? ''} style={style}>
              {run.text}
            </Tag>
          );
        })}
      </p>
      {counts.changed && <p className="sh-diff__hint">下划线为新增的文字，删除线为删去的文字，颜色为修改人的颜色；鼠标悬停可查看是谁、何时修改的。</p>}
    </div>
  );
}
