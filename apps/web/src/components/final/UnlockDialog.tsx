import { useState, type FormEvent } from 'react';
import '../../styles/dialog.css';
import { useModalDialog } from '../useModalDialog';
import { UNLOCK_REASON_MAX, reasonLength, unlockReasonProblem } from './unlockReason';

/** Props of {@link UnlockDialog}. */
export interface UnlockDialogProps {
  /** The version being unlocked. */
  version: number;
  busy: boolean;
  /** The server's message when the unlock was refused. */
  error: string;
  onConfirm: (reason: string) => void;
  onCancel: () => void;
}

/** 解锁 with a required reason (native <dialog>: focus trap and Esc come with it). */
export function UnlockDialog({ version, busy, error, onConfirm, onCancel }: UnlockDialogProps) {
  const { titleId, dialogProps } = useModalDialog(onCancel);
  const [reason, setReason] = useState('');
  const [touched, setTouched] = useState(false);
  const problem = unlockReasonProblem(reason);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setTouched(true);
    if (problem || busy) return;
    onConfirm(reason.trim());
  };

  return (
    <dialog {...dialogProps} className="dialog" data-testid="unlock-dialog">
      <form onSubmit={submit} noValidate>
        <h2 id={titleId} className="dialog__title">
          解锁第{version}版
        </h2>
        <p className="dialog__message">
          解锁后报告回到“合稿中”，办公室可继续修改合稿，再次定稿将成为第{version + 1}版。第{version}版的内容不会改变，解锁理由将记录在版本记录中。
        </p>
        <label className="final-dialog__label">
          解锁理由（必填）
          <textarea
            className="dialog__textarea"
            data-testid="unlock-reason"
            name="reason"
            rows={4}
            maxLength={UNLOCK_REASON_MAX + 100}
            value={reason}
            autoFocus
            placeholder="例如：根据区长批示，补充第三季度重点项目进展"
            aria-invalid={touched && problem !== ''}
            onChange={(event) => setReason(event.target.value)}
          />
        </label>
        <div className="dialog__meta final-dialog__hint">
          <span className="final-panel__error" role={touched && problem ? 'alert' : undefined}>
            {touched && problem ? problem : error}
          </span>
          <span className={reasonLength(reason) > UNLOCK_REASON_MAX ? 'dialog__count dialog__count--over' : 'dialog__count'}>
            {reasonLength(reason)}/{UNLOCK_REASON_MAX}
          </span>
        </div>
        <div className="dialog__actions">
          <button type="button" className="button" data-testid="unlock-cancel" onClick={onCancel}>
            取消
          </button>
          <button type="submit" className="button button--primary" data-testid="unlock-confirm" disabled={busy || (touched && problem !== '')}>
            {busy ? '正在解锁…' : '确认解锁'}
          </button>
        </div>
      </form>
    </dialog>
  );
}
