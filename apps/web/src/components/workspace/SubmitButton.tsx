import { useState } from 'react';
import { api } from '../../api/api';
import { toApiError } from '../../api/ApiError';
import type { ReportSection } from '../../api/types';
import { FlushError, type SectionSession } from '../../collab/SectionSession';
import { submitWarnings } from '@hegao/domain';
import { useSectionCheck } from '../../hooks/workspace/useSectionCheck';
import { ConfirmDialog } from './ConfirmDialog';

/** Props of {@link SubmitButton}. */
export interface SubmitButtonProps {
  section: ReportSection;
  session: SectionSession;
  /** The server accepted the submit and answered with the updated section. */
  onSubmitted: (section: ReportSection) => void;
  /**
   * The server refused the submit (e.g. 该章节当前为"已提交": a colleague submitted it first and this
   * page had not heard yet): the page refetches, so the card shows the section as it is.
   */
  onRefused: () => void;
}

/**
 * 提交: asks first when placeholders are unfilled or the text is over the 写作要求's limit, then
 * waits until the server has stored every edit made here, then posts the submit. Counts are read
 * fresh from the document at the moment of the click.
 */
export function SubmitButton({ section, session, onSubmitted, onRefused }: SubmitButtonProps) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const check = useSectionCheck(session, section.instruction, submitWarnings, () => void submit());

  async function submit() {
    setBusy(true);
    setError(null);
    try {
      // What was typed just before the click must be on the server before the section turns read-only.
      await session.flush();
      onSubmitted(await api.submitSection(section.id));
    } catch (e) {
      if (e instanceof FlushError) setError(e.message);
      else {
        setError(toApiError(e).message);
        onRefused();
      }
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      <button type="button" className="button button--primary section-submit" data-testid="section-submit" onClick={check.check} disabled={busy}>
        {busy ? '提交中…' : '提交'}
      </button>
      {error && (
        <span className="section-submit__error" role="alert">
          提交失败：{error}
        </span>
      )}
      {check.warnings && (
        <ConfirmDialog
          title={`提交「${section.number}${section.title}」`}
          messages={check.warnings}
          confirmLabel="仍然提交"
          cancelLabel="返回修改"
          onConfirm={check.confirm}
          onCancel={check.cancel}
        />
      )}
    </>
  );
}
