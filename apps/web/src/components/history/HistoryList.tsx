import type { HistoryEntry } from '../../api/historyApi';
import type { SentenceContext } from '../../model/historySentence';
import { groupByDay } from '../../model/historyView';
import { HistoryItem } from './HistoryItem';
import './History.css';

/** Props of {@link HistoryList}. */
export interface HistoryListProps {
  reportId: string;
  /** Newest first. */
  entries: readonly HistoryEntry[];
  context: SentenceContext;
  /** Now, for 今天 / 昨天. */
  now: Date;
}

/** The history grouped by day (12月2日 今天, 12月1日 昨天, …), newest first. */
export function HistoryList({ reportId, entries, context, now }: HistoryListProps) {
  return (
    <div className="history-list" data-testid="history-list">
      {groupByDay(entries, now).map((day) => (
        <section key={day.key} className="history-day" aria-label={day.label}>
          <h3 className="history-day__label">{day.label}</h3>
          <ol className="history-day__entries">
            {day.entries.map((e) => (
              <HistoryItem key={e.id} reportId={reportId} entry={e} context={context} />
            ))}
          </ol>
        </section>
      ))}
    </div>
  );
}
