import { isDone } from '@hegao/domain';
import type { SectionStatus } from '../api/types';
import { sectionStatusLabel } from '../model/labels';
import { PROGRESS_ORDER, computeProgress } from '../model/progress';
import './ProgressBar.css';

/** Props of {@link ProgressBar}. */
export interface ProgressBarProps {
  statusCounts: Partial<Record<SectionStatus, number>>;
  sectionCount: number;
}

/** Overall progress of a report: stacked bar by section state, caption and legend. */
export function ProgressBar({ statusCounts, sectionCount }: ProgressBarProps) {
  const progress = computeProgress(statusCounts, sectionCount);
  // The caption already counts the finished sections; the legend names the rest.
  const legend = PROGRESS_ORDER.filter((status) => !isDone(status) && progress.counts[status] > 0);
  const valueText = [progress.label, ...legend.map((s) => `${sectionStatusLabel(s)} ${progress.counts[s]} 节`)].join('，');

  return (
    <div className="progress">
      <div className="progress__caption">
        <span className="progress__label">{progress.label}</span>
        {legend.length > 0 && (
          <ul className="progress__legend" aria-hidden="true">
            {legend.map((status) => (
              <li key={status} className={`progress__legend-item progress__legend-item--${status}`}>
                {sectionStatusLabel(status)} {progress.counts[status]}
              </li>
            ))}
          </ul>
        )}
      </div>
      <div
        className="progress__track"
        role="progressbar"
        aria-label="章节进度"
        aria-valuemin={0}
        aria-valuemax={progress.total}
        aria-valuenow={progress.counts.approved}
        aria-valuetext={valueText}
      >
        {progress.segments.map((segment) => (
          <span
            key={segment.status}
            className={`progress__segment progress__segment--${segment.status}`}
            style={{ width: `${segment.fraction * 100}%` }}
          />
        ))}
      </div>
    </div>
  );
}
