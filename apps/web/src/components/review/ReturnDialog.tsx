import { useId, useState, type FormEvent } from 'react';
import { toApiError } from '../../api/ApiError';
import '../../styles/dialog.css';
import { useModalDialog } from '../useModalDialog';
import './ReturnDialog.css';

/** Longest reason the server accepts. */
export const REASON_MAX = 500;

/** Props of {@link ReturnDialog}. */
export interface ReturnDialogProps {
  /** 退回 or 重新打开. */
  mode: 'return' | 'reopen';
  /** Number and title of the section, e.g. （一）疫情防控. */
  sectionLabel: string;
  /** Extra sentence under the title (e.g. that the report goes back to review). */
  note?: string;
  /** Posts the reason; a rejection's message is shown in the dialog, which then stays open. */
  onConfirm: (reason: string) => Promise<void>;
  onCancel: () => void;
}

/** Asks for the required reason of 退回 / 重新打开 (native <dialog>: focus trap and Esc come with it). */
export function ReturnDialog({ mode, sectionLabel, note, onConfirm, onCancel }: ReturnDialogProps) {
  const fieldId = useId();
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const { titleId, dialogProps } = useModalDialog(() => {
    if (!busy) onCancel();
  });
  const verb = mode === 'return' ? '退回' : '重新打开';

  async function handleSubmit(event: FormEvent) {
    event.preventDefault();
    const trimmed = reason.trim();
    if (trimmed === '') {
      setError(`请填写${verb}理由`);
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await onConfirm(trimmed);
    } catch (e) {
      setError(toApiError(e).message);
      setBusy(false);
    }
  }

  return (
    <dialog {...dialogProps} className="dialog return-dialog" data-testid="return-dialog">
      <form onSubmit={(event) => void handleSubmit(event)}>
        <h2 id={titleId} className="dialog__title return-dialog__title">
          {verb}「{sectionLabel}」
        </h2>
        {note && <p className="return-dialog__note">{note}</p>}
        <label className="return-dialog__label" htmlFor={fieldId}>
          {verb}理由<span className="return-dialog__required">（必填，承办部门将收到通知）</span>
        </label>
        <textarea
          id={fieldId}
          className="dialog__textarea"
          data-testid="return-reason"
          value={reason}
          maxLength={REASON_MAX}
          rows={5}
          placeholder="请写明需要修改或补充的内容，例如：请补充6月底的数据"
          onChange={(event) => setReason(event.target.value)}
          autoFocus
          required
        />
        <div className="dialog__meta">
          {error ? (
            <span className="return-dialog__error" role="alert">
              {error}
            </span>
          ) : (
            <span />
          )}
          <span className="dialog__count">
            {reason.length}/{REASON_MAX}
          </span>
        </div>
        <div className="dialog__actions return-dialog__actions">
          <button type="button" className="button" data-testid="return-cancel" onClick={onCancel} disabled={busy}>
            取消
          </button>
          <button type="submit" className="button review-button--danger" data-testid="return-confirm" disabled={busy || reason.trim() === ''}>
            {busy ? `${verb}中…` : `确认${verb}`}
          </button>
        </div>
      </form>
    </dialog>
  );
}
