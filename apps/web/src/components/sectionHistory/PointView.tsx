import { useSectionDiff, useTextAt } from '../../hooks/workspace/useSectionTimeline';
import { AuthoredText } from './AuthoredText';
import { DiffText } from './DiffText';
import './SectionHistory.css';

/** The text of a section after update `seq`, tinted by writer. */
export function PastText({ sectionId, seq, now }: { sectionId: string; seq: number; now: Date }) {
  const text = useTextAt(sectionId, seq);
  if (text.status === 'loading') return <Loading label="正在读取当时的内容…" />;
  if (text.status === 'error') return <LoadError message={text.error.message} onRetry={text.reload} />;
  return <AuthoredText data={text.data} now={now} />;
}

/** The changes from `from` to `to` (null: now), coloured by who made them. */
export function PointDiff({ sectionId, from, to, now, testId }: { sectionId: string; from: number; to: number | null; now: Date; testId?: string }) {
  const diff = useSectionDiff(sectionId, from, to);
  if (diff.status === 'loading') return <Loading label="正在比较…" />;
  if (diff.status === 'error') return <LoadError message={diff.error.message} onRetry={diff.reload} />;
  return <DiffText parts={diff.data.parts} now={now} {...(testId ? { testId } : {})} />;
}

function LoadError({ message, onRetry }: { message: string; onRetry: () => void }) {
  return (
    <p className="sh-error" role="alert">
      {message}
      <button type="button" className="sh-link" onClick={onRetry}>
        重试
      </button>
    </p>
  );
}

function Loading({ label }: { label: string }) {
  return (
    <p className="sh-muted" role="status">
      {label}
    </p>
  );
}
