import { sectionHref } from '../../router/route';
import { labelOf, type PlacedRun, type SourceLabel } from './sourceRuns';

/** Props of {@link SourceGutter}. */
export interface SourceGutterProps {
  reportId: string;
  runs: readonly PlacedRun[];
  labels: ReadonlyMap<string, SourceLabel>;
}

/**
 * The final draft's left margin: beside each stretch of blocks that came from one section, a thin
 * rule and a small link naming the section and its bureaus. The link opens the report page at that
 * section. Blocks the office added (no source) get no label.
 */
export function SourceGutter({ reportId, runs, labels }: SourceGutterProps) {
  return (
    <div className="final-gutter" aria-label="段落来源">
      {runs.map((run) => {
        const label = labelOf(labels, run.source);
        const key = `${run.source}:${run.firstBlock}`;
        return (
          <div key={key} className="final-gutter__run" data-source={run.source}>
            <span className="final-gutter__rule" style={{ top: run.top, height: Math.max(4, run.bottom - run.top) }} aria-hidden="true" />
            {label.title === null ? (
              <span className="final-gutter__label final-gutter__label--gone" style={{ top: run.labelTop }} data-testid="final-source-link" data-source={run.source}>
                <span className="final-gutter__title">来源章节已删除</span>
              </span>
            ) : (
              <a
                className="final-gutter__label"
                style={{ top: run.labelTop }}
                href={sectionHref(reportId, run.source)}
                data-testid="final-source-link"
                data-source={run.source}
                title={`来自“${label.title}”${label.bureaus ? `（${label.bureaus}）` : ''}，点击查看原章节`}
              >
                <span className="final-gutter__title">{label.title}</span>
                {label.bureaus && <span className="final-gutter__bureaus">{label.bureaus}</span>}
              </a>
            )}
          </div>
        );
      })}
    </div>
  );
}
