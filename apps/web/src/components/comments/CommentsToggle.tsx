/** Props of {@link CommentsToggle}. */
export interface CommentsToggleProps {
  /** Unresolved threads. */
  count: number;
  open: boolean;
  /** Id of the panel the button opens. */
  panelId: string;
  onToggle: () => void;
}

/** 批注 N: opens and closes the section's comment panel. */
export function CommentsToggle({ count, open, panelId, onToggle }: CommentsToggleProps) {
  return (
    <button
      type="button"
      className={open ? 'comments-toggle comments-toggle--open' : 'comments-toggle'}
      data-testid="comments-toggle"
      data-count={count}
      aria-expanded={open}
      aria-controls={panelId}
      onClick={onToggle}
      title={open ? '收起批注' : '查看本节批注'}
    >
      <svg className="comments-toggle__icon" viewBox="0 0 16 16" width="14" height="14" aria-hidden="true">
        <path
          d="M2.5 3.5A1.5 1.5 0 0 1 4 2h8a1.5 1.5 0 0 1 1.5 1.5v6A1.5 1.5 0 0 1 12 11H7l-3 2.5V11a1.5 1.5 0 0 1-1.5-1.5z"
          fill="none"
          stroke="currentColor"
          strokeWidth="1.4"
          strokeLinejoin="round"
        />
      </svg>
      批注
      {count > 0 && <span className="comments-toggle__count">{count}</span>}
    </button>
  );
}
