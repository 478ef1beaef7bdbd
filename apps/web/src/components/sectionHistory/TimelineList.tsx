import type { TimelineLine } from '../../model/sectionTimeline';
import './SectionHistory.css';

/** Props of {@link TimelineList}. */
export interface TimelineListProps {
  lines: readonly TimelineLine[];
  /** Key of the entry whose text is shown. */
  selected: string | null;
  /** Keys of the (at most two) entries picked for 对比. */
  picked: readonly string[];
  onSelect: (key: string) => void;
  onPick: (key: string) => void;
}

/** The timeline, newest first: sessions, workflow steps and comments; pick one to read, two to compare. */
export function TimelineList({ lines, selected, picked, onSelect, onPick }: TimelineListProps) {
  return (
    <ol className="sh-timeline" data-testid="history-timeline">
      {lines.map((line) => {
        const isSelected = line.key === selected;
        const isPicked = picked.includes(line.key);
        const classes = ['sh-entry', `sh-entry--${line.tone}`];
        if (isSelected) classes.push('sh-entry--selected');
        if (isPicked) classes.push('sh-entry--picked');
        return (
          <li key={line.key} className={classes.join(' ')} data-testid="timeline-entry" data-kind={line.kind} data-type={line.type} data-seq={line.seq}>
            <span className="sh-entry__dot" style={line.kind === 'edit' ? { backgroundColor: line.person.color } : undefined} aria-hidden="true" />
            <button type="button" className="sh-entry__main" aria-pressed={isSelected} onClick={() => onSelect(line.key)} title="查看此时的内容">
              <span className="sh-entry__head">
                {line.kind !== 'edit' && <span className={`sh-entry__what sh-entry__what--${line.tone}`}>{line.what}</span>}
                <span className="sh-entry__who" style={line.kind === 'edit' ? { color: line.person.color } : undefined}>
                  {line.person.label}
                </span>
              </span>
              <span className="sh-entry__meta">
                <span className="sh-entry__when">{line.when}</span>
                {line.counts && <span className="sh-entry__counts"> · {line.counts}</span>}
              </span>
              {line.note && (
                <span className="sh-entry__note" data-testid="timeline-note">
                  {line.kind === 'comment' ? line.note : `理由：${line.note}`}
                </span>
              )}
            </button>
            <label className="sh-entry__pick" title="选两个时间点对比">
              <input type="checkbox" checked={isPicked} onChange={() => onPick(line.key)} data-testid="timeline-compare" />
              对比
            </label>
          </li>
        );
      })}
    </ol>
  );
}
