import { useMemo, useState } from 'react';
import type { VersionComparison } from '../../api/finalApi';
import { TINT_ALPHA } from '../../editor/authorshipMarks';
import { translucent } from '../../model/authorship';
import { compareCounts, compareLegend, compareRuns, compareSummary, gapLabel } from './versionCompare';

/** Props of {@link VersionDiff}. */
export interface VersionDiffProps {
  comparison: VersionComparison;
  now: Date;
}

/**
 * Two versions compared: a summary line, the people who changed the text with their colours, and
 * the text with insertions underlined and tinted in their writer's colour and deletions struck
 * through in their deleter's (hover: who and when). Long unchanged stretches are folded into
 * 「…未改动 N 字…」, each opened by a click.
 */
export function VersionDiff({ comparison, now }: VersionDiffProps) {
  const { from, to, parts } = comparison;
  const [expanded, setExpanded] = useState<ReadonlySet<number>>(() => new Set());
  const runs = useMemo(() => compareRuns(parts, now, expanded), [parts, now, expanded]);
  const legend = useMemo(() => compareLegend(parts), [parts]);
  const { changed } = useMemo(() => compareCounts(parts), [parts]);

  return (
    <div className="version-diff" data-testid="version-diff" data-from={String(from.version)} data-to={String(to.version)}>
      <p className="version-diff__summary" data-testid="version-diff-summary">
        {compareSummary(from.version, to.version, parts)}
      </p>
      {legend.length > 0 && (
        <ul className="version-diff__legend" data-testid="version-diff-legend" aria-label="修改人">
          {legend.map((person) => (
            <li key={person.key} className="version-diff__person" data-author-id={person.userId ?? ''}>
              <span className="version-diff__swatch" style={{ backgroundColor: person.color }} aria-hidden="true" />
              <span className="version-diff__name">{person.label}</span>
              <span className="version-diff__detail">{person.detail}</span>
            </li>
          ))}
        </ul>
      )}
      {/* Nothing changed: the summary says so; the text itself is on the page below. */}
      {changed && (
        <div className="version-diff__text" data-testid="version-diff-text">
          {runs.map((run, i) => {
            if (run.kind === 'gap') {
              return (
                <span key={`gap-${run.id}`}>
                  <button
                    type="button"
                    className="version-diff__gap"
                    data-testid="version-diff-gap"
                    title="显示这段未改动的文字"
                    onClick={() => setExpanded((set) => new Set(set).add(run.id))}
                  >
                    {gapLabel(run.hidden)}
                  </button>
                  {run.lineBreak && '\n'}
                </span>
              );
            }
            if (run.kind === 'equal') return <span key={i}>{run.text}</span>;
            if (run.kind === 'break') {
              return run.mark ? (
                <span key={i}>
                  <span className={`version-diff__break version-diff__break--${run.of}`} title={`${run.title}换行`} style={{ color: run.color }}>
                    ↵
                  </span>
                  {'\n'}
                </span>
              ) : (
                <span key={i}>{'\n'}</span>
              );
            }
            const Tag = run.kind === 'insert' ? 'ins' : 'del';
            const style =
              run.kind === 'insert'
                ? { backgroundColor: translucent(run.color, TINT_ALPHA), textDecorationColor: run.color }
                : { color: run.color, textDecorationColor: run.color };
            return (
              <Tag key={i} className={`version-diff__${run.kind}`} title={run.title} data-author-id={run.userId ?? ''} style={style}>
                {run.text}
              </Tag>
            );
          })}
        </div>
      )}
      {changed && <p className="version-diff__hint">下划线为新增的文字，删除线为删去的文字，颜色为修改人的颜色；鼠标悬停可查看是谁、何时修改的。</p>}
    </div>
  );
}
