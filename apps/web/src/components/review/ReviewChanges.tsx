import { useMemo, useState } from 'react';
import '../../styles/dialog.css';
import { useSectionTimeline } from '../../hooks/workspace/useSectionTimeline';
import { writtenAt } from '../../model/authorship';
import { reviewPoints } from '../../model/sectionTimeline';
import { PointDiff } from '../sectionHistory/PointView';
import { useModalDialog } from '../useModalDialog';
import './ReviewChanges.css';

/** Props of {@link ReviewChanges}. */
export interface ReviewChangesProps {
  sectionId: string;
  /** （一）疫情防控 */
  label: string;
}

type Since = 'submit' | 'return';

const TITLES: Record<Since, string> = { submit: '自上次提交以来的修改', return: '自上次退回以来的修改' };

/**
 * For the office reviewing a section submitted again after a 退回: what changed since the previous
 * 提交 and since the last 退回, so only the changes need reading. Nothing for a first submission.
 */
export function ReviewChanges({ sectionId, label }: ReviewChangesProps) {
  const timeline = useSectionTimeline(sectionId);
  const points = useMemo(() => (timeline.status === 'ready' ? reviewPoints(timeline.data.entries) : null), [timeline]);
  const [open, setOpen] = useState<Since | null>(null);
  if (!points || (!points.sinceSubmit && !points.sinceReturn)) return null;
  const point = open === 'submit' ? points.sinceSubmit : open === 'return' ? points.sinceReturn : null;

  return (
    <span className="review-changes">
      {points.sinceSubmit && (
        <button type="button" className="button review-changes__button" data-testid="review-since-submit" onClick={() => setOpen('submit')}>
          {TITLES.submit}
        </button>
      )}
      {points.sinceReturn && (
        <button type="button" className="button review-changes__button" data-testid="review-since-return" onClick={() => setOpen('return')}>
          {TITLES.return}
        </button>
      )}
      {open && point && <ChangesDialog sectionId={sectionId} label={label} title={TITLES[open]} since={point} verb={open === 'submit' ? '提交' : '退回'} onClose={() => setOpen(null)} />}
    </span>
  );
}

function ChangesDialog(props: { sectionId: string; label: string; title: string; since: { seq: number; at: string }; verb: string; onClose: () => void }) {
  const { sectionId, label, title, since, verb, onClose } = props;
  const { titleId, dialogProps } = useModalDialog(onClose);
  const [now] = useState(() => new Date());
  return (
    <dialog {...dialogProps} className="dialog review-changes__dialog" data-testid="review-changes">
      <h2 id={titleId} className="dialog__title">
        {title}
        <span className="review-changes__section">{label}</span>
      </h2>
      <p className="dialog__message review-changes__span">
        从 {writtenAt(since.at, now)} {verb}时到现在，本节文字的全部修改。
      </p>
      <PointDiff sectionId={sectionId} from={since.seq} to={null} now={now} testId="review-diff" />
      <div className="dialog__actions">
        <button type="button" className="button" onClick={onClose} data-testid="review-changes-close" autoFocus>
          关闭
        </button>
      </div>
    </dialog>
  );
}
