import { useState } from 'react';
import { approveWarnings } from '@hegao/domain';
import type { Me, ReportSection, ReportStatus } from '../../api/types';
import type { SectionSession } from '../../collab/SectionSession';
import { reviewActions } from '../../hooks/review/reviewActions';
import { useSectionReview } from '../../hooks/review/useSectionReview';
import { useSectionCheck } from '../../hooks/workspace/useSectionCheck';
import { ConfirmDialog } from '../workspace/ConfirmDialog';
import { ReturnDialog } from './ReturnDialog';
import { ReviewChanges } from './ReviewChanges';
import './ReviewControls.css';

/** Props of {@link ReviewControls}. */
export interface ReviewControlsProps {
  section: ReportSection;
  reportStatus: ReportStatus;
  me: Me;
  /** The section's document: 通过 checks its text as 提交 does. */
  session: SectionSession;
  /** The server changed the section and answered it, shown alone (the page patches it and refetches the report). */
  onChanged: (section: ReportSection) => void;
  /** The server refused 通过 / 退回 (the section changed meanwhile): the page refetches. */
  onRefused: () => void;
}

/**
 * The office's review buttons on a section: 退回 and 通过 while 已提交 (with 自上次提交/退回以来的修改
 * once it was returned before), 重新打开 once 已通过. 通过 asks first, with the checks of 提交
 * (unfilled data placeholders, over the length limit).
 */
export function ReviewControls({ section, reportStatus, me, session, onChanged, onRefused }: ReviewControlsProps) {
  const allowed = reviewActions(me, reportStatus, section);
  const review = useSectionReview(section.id, onChanged, onRefused);
  const approveCheck = useSectionCheck(session, section.instruction, approveWarnings, () => void review.approve());
  const [dialog, setDialog] = useState<'return' | 'reopen' | null>(null);
  if (!allowed.approve && !allowed.return && !allowed.reopen) return null;

  const label = `${section.number}${section.title}`;
  const note =
    dialog === 'reopen'
      ? reportStatus === 'merging'
        ? '报告正在合稿。重新打开后本章节退回承办部门修改，报告回到“审核中”，修改通过后需重新合稿。'
        : '重新打开后本章节退回承办部门修改，修改后需重新提交审核。'
      : undefined;

  return (
    <span className="review-controls">
      {allowed.approve && <ReviewChanges sectionId={section.id} label={label} />}
      {allowed.return && (
        <button type="button" className="button review-controls__return" data-testid="section-return" onClick={() => setDialog('return')} disabled={review.busy !== null}>
          退回
        </button>
      )}
      {allowed.approve && (
        <button
          type="button"
          className="button review-controls__approve"
          data-testid="section-approve"
          onClick={approveCheck.check}
          disabled={review.busy !== null}
        >
          {review.busy === 'approve' ? '提交中…' : '通过'}
        </button>
      )}
      {allowed.reopen && (
        <button type="button" className="button" data-testid="section-reopen" onClick={() => setDialog('reopen')} disabled={review.busy !== null}>
          重新打开
        </button>
      )}
      {review.error && (
        <span className="review-controls__error" role="alert">
          {review.error}
        </span>
      )}
      {approveCheck.warnings && (
        <ConfirmDialog
          title={`通过「${label}」`}
          messages={approveCheck.warnings}
          confirmLabel="仍然通过"
          cancelLabel="返回"
          onConfirm={approveCheck.confirm}
          onCancel={approveCheck.cancel}
        />
      )}
      {dialog && (
        <ReturnDialog
          mode={dialog}
          sectionLabel={label}
          {...(note ? { note } : {})}
          onConfirm={async (reason) => {
            await review.returnWith(reason);
            setDialog(null);
          }}
          onCancel={() => setDialog(null)}
        />
      )}
    </span>
  );
}
