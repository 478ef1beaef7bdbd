import './StateViews.css';

/** Props of {@link LoadingState}. */
export interface LoadingStateProps {
  /** Announced to screen readers, e.g. 正在加载报告…. */
  label?: string;
  /** Number of placeholder cards to draw. */
  rows?: number;
}

/** Skeleton placeholders shown while data loads. */
export function LoadingState({ label = '正在加载…', rows = 3 }: LoadingStateProps) {
  return (
    <div className="state-loading" role="status" aria-live="polite">
      <span className="visually-hidden">{label}</span>
      {Array.from({ length: rows }, (_, i) => (
        <div key={i} className="state-loading__card" aria-hidden="true">
          <span className="state-loading__line state-loading__line--title" />
          <span className="state-loading__line state-loading__line--meta" />
          <span className="state-loading__line state-loading__line--bar" />
        </div>
      ))}
    </div>
  );
}
