import { useId, useState, type FormEvent, type KeyboardEvent } from 'react';
import { toApiError } from '../../api/ApiError';

/** Longest comment the server accepts. */
export const COMMENT_MAX = 2000;

/** Props of {@link CommentComposer}. */
export interface CommentComposerProps {
  /** Accessible name of the text box. */
  label: string;
  placeholder: string;
  submitLabel: string;
  /** Test ids of the text box and the submit button. */
  bodyTestId: string;
  submitTestId: string;
  /** Posts the text; a rejection's message is shown and the text kept. */
  onSubmit: (body: string) => Promise<void>;
  onCancel?: () => void;
  autoFocus?: boolean;
}

/** A text box with 发表 (Ctrl/⌘+Enter also posts), used for new threads and replies. */
export function CommentComposer(props: CommentComposerProps) {
  const { label, placeholder, submitLabel, bodyTestId, submitTestId, onSubmit, onCancel, autoFocus = false } = props;
  const id = useId();
  const [body, setBody] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const empty = body.trim() === '';

  async function submit() {
    if (empty || busy) return;
    setBusy(true);
    setError(null);
    try {
      await onSubmit(body.trim());
      setBody('');
    } catch (e) {
      setError(toApiError(e).message);
    } finally {
      setBusy(false);
    }
  }

  function handleKeyDown(event: KeyboardEvent<HTMLTextAreaElement>) {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      void submit();
    } else if (event.key === 'Escape' && onCancel) {
      event.preventDefault();
      onCancel();
    }
  }

  return (
    <form
      className="comment-composer"
      onSubmit={(event: FormEvent) => {
        event.preventDefault();
        void submit();
      }}
    >
      <label className="visually-hidden" htmlFor={id}>
        {label}
      </label>
      <textarea
        id={id}
        className="comment-composer__body"
        data-testid={bodyTestId}
        value={body}
        rows={3}
        maxLength={COMMENT_MAX}
        placeholder={placeholder}
        onChange={(event) => setBody(event.target.value)}
        onKeyDown={handleKeyDown}
        autoFocus={autoFocus}
      />
      {error && (
        <p className="comment-composer__error" role="alert">
          {error}
        </p>
      )}
      <div className="comment-composer__actions">
        <span className="comment-composer__hint">@姓名 可提醒</span>
        {onCancel && (
          <button type="button" className="button comment-composer__button" onClick={onCancel} disabled={busy}>
            取消
          </button>
        )}
        <button type="submit" className="button button--primary comment-composer__button" data-testid={submitTestId} disabled={empty || busy}>
          {busy ? '发表中…' : submitLabel}
        </button>
      </div>
    </form>
  );
}
