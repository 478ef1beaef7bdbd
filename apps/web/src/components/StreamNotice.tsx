import { useStreamNotice } from '../hooks/useStreamNotice';
import './StreamNotice.css';

/** A banner while the server refuses the report's live updates (e.g. too many pages open). */
export function StreamNotice({ reportId }: { reportId: string }) {
  const notice = useStreamNotice(reportId);
  if (!notice) return null;
  return (
    <div className="stream-notice" role="alert" data-testid="stream-notice">
      {notice}
    </div>
  );
}
