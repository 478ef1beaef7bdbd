import type { ReactNode } from 'react';
import './StateViews.css';

/** Props of {@link EmptyState}. */
export interface EmptyStateProps {
  title: string;
  message?: string;
  children?: ReactNode;
}

/** Shown when there is nothing to list yet. */
export function EmptyState({ title, message, children }: EmptyStateProps) {
  return (
    <div className="state-message">
      <div className="state-message__icon state-message__icon--empty" aria-hidden="true">
        <svg viewBox="0 0 24 24" width="26" height="26" fill="none" stroke="currentColor" strokeWidth="1.5">
          <path d="M7 3h7l5 5v13H7z" strokeLinejoin="round" />
          <path d="M14 3v5h5M10 13h6M10 17h4" strokeLinecap="round" />
        </svg>
      </div>
      <h2 className="state-message__title">{title}</h2>
      {message && <p className="state-message__text">{message}</p>}
      {children && <div className="state-message__actions">{children}</div>}
    </div>
  );
}
