import type { BoardRow } from '../../api/officeApi';
import { remindedLabel } from '../../hooks/office/remind';
import { useRemind } from '../../hooks/office/useRemind';
import './RemindButton.css';

/** Props of {@link RemindButton}. */
export interface RemindButtonProps {
  row: BoardRow;
  /** Epoch ms of "now". */
  now: number;
}

/** 催办 on a board row: the button, when it was last pressed, and the server's answer. */
export function RemindButton({ row, now }: RemindButtonProps) {
  const { busy, error, notified, remind } = useRemind(row.id);
  const last = remindedLabel(row.remindedAt, now);
  return (
    <span className="remind">
      <button type="button" className="button remind__button" data-testid="board-remind" onClick={remind} disabled={busy} title="提醒承办部门尽快编写并提交">
        {busy ? '催办中…' : '催办'}
      </button>
      {last && (
        <span className="remind__last" data-testid="board-reminded">
          {last}
        </span>
      )}
      {notified !== null && (
        <span className="remind__done" role="status">
          已通知{notified}人
        </span>
      )}
      {error && (
        <span className="remind__error" role="alert" data-testid="board-remind-error">
          {error}
        </span>
      )}
    </span>
  );
}
