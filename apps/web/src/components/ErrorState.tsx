import type { ReactNode } from 'react';
import './StateViews.css';

/** Props of {@link ErrorState}. */
export interface ErrorStateProps {
  title?: string;
  /** The server's Chinese message. */
  message: string;
  /** Shows a 重试 button when given. */
  onRetry?: () => void;
  /** Extra actions, e.g. a link back to the list. */
  children?: ReactNode;
}

/** A failed load, with the reason and a way to try again. */
export function ErrorState({ title = '加载失败', message, onRetry, children }: ErrorStateProps) {
  return (
    <div className="state-message state-message--error" role="alert">
      <div className="state-message__icon" aria-hidden="true">!</div>
      <h2 className="state-message__title">{title}</h2>
      <p className="state-message__text">{message}</p>
      {(onRetry || children) && (
        <div className="state-message__actions">
          {onRetry && (
            <button type="button" className="button button--primary" onClick={onRetry}>
              重试
            </button>
          )}
          {children}
        </div>
      )}
    </div>
  );
}
