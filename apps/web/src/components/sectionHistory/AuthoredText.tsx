import { useMemo } from 'react';
import type { Authorship } from '../../api/authorshipApi';
import { translucent } from '../../model/authorship';
import { authoredLines } from '../../model/historyText';
import { TINT_ALPHA } from '../../editor/authorshipMarks';
import './SectionHistory.css';

/** Props of {@link AuthoredText}. */
export interface AuthoredTextProps {
  data: Authorship;
  now: Date;
}

/** A past text, read-only, each run tinted in its writer's colour as 显示修改人 does; hover names them. */
export function AuthoredText({ data, now }: AuthoredTextProps) {
  const lines = useMemo(() => authoredLines(data, now), [data, now]);
  if (data.text === '') return <p className="sh-text sh-text--empty">（此时本节还没有内容）</p>;
  return (
    <div className="sh-text" data-testid="history-past-text">
      {lines.map((runs, i) => (
        <p key={i} className="sh-text__line">
          {runs.length === 0 && <br />}
          {runs.map((run, j) =>
            run.author ? (
              <span
                key={j}
                className="sh-author"
                title={run.author.title}
                data-author-id={run.author.userId}
                style={{ backgroundColor: translucent(run.author.color, TINT_ALPHA), borderBottomColor: run.author.color }}
              >
                {run.text}
              </span>
            ) : (
              <span key={j}>{run.text}</span>
            ),
          )}
        </p>
      ))}
    </div>
  );
}
