import '../../styles/dialog.css';
import { useModalDialog } from '../useModalDialog';
import './ConfirmDialog.css';

/** Props of {@link ConfirmDialog}. */
export interface ConfirmDialogProps {
  title: string;
  messages: readonly string[];
  confirmLabel: string;
  cancelLabel?: string;
  onConfirm: () => void;
  onCancel: () => void;
}

/** A modal question (native <dialog>: focus trap and Esc come with it). */
export function ConfirmDialog({ title, messages, confirmLabel, cancelLabel = '取消', onConfirm, onCancel }: ConfirmDialogProps) {
  const { titleId, dialogProps } = useModalDialog(onCancel);

  return (
    <dialog {...dialogProps} className="dialog confirm-dialog" data-testid="confirm-dialog">
      <h2 id={titleId} className="dialog__title">
        {title}
      </h2>
      {messages.map((message) => (
        <p key={message} className="dialog__message confirm-dialog__message">
          {message}
        </p>
      ))}
      <div className="dialog__actions confirm-dialog__actions">
        <button type="button" className="button" data-testid="confirm-cancel" onClick={onCancel}>
          {cancelLabel}
        </button>
        <button type="button" className="button button--primary" data-testid="confirm-ok" onClick={onConfirm} autoFocus>
          {confirmLabel}
        </button>
      </div>
    </dialog>
  );
}
