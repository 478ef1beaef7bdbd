import { useState } from 'react';
import { SectionHistoryDialog } from './SectionHistoryDialog';
import './SectionHistory.css';

/** Props of {@link SectionHistoryButton}. */
export interface SectionHistoryButtonProps {
  sectionId: string;
  /** （一）疫情防控 */
  label: string;
  /** Whether 恢复到此版本 is offered: whoever may write the section now (the bureau while it drafts, the office once it is submitted), as the server decides for the restore. */
  canRestore: boolean;
}

/** 修改记录 on a section card: opens the section's timeline. */
export function SectionHistoryButton({ sectionId, label, canRestore }: SectionHistoryButtonProps) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <button type="button" className="sh-button" data-testid="section-history-open" aria-haspopup="dialog" onClick={() => setOpen(true)} title="查看本节的修改记录，对比或恢复早先的版本">
        <svg className="sh-button__icon" viewBox="0 0 16 16" width="14" height="14" aria-hidden="true">
          <circle cx="8" cy="8" r="6" fill="none" stroke="currentColor" strokeWidth="1.4" />
          <path d="M8 4.5V8l2.5 1.5" fill="none" stroke="currentColor" strokeWidth="1.4" strokeLinecap="round" />
        </svg>
        修改记录
      </button>
      {open && <SectionHistoryDialog sectionId={sectionId} label={label} canRestore={canRestore} onClose={() => setOpen(false)} />}
    </>
  );
}
