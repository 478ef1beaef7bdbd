import './Authorship.css';

/** Props of {@link AuthorshipToggle}. */
export interface AuthorshipToggleProps {
  on: boolean;
  loading: boolean;
  /** Id of the legend the button shows. */
  legendId: string;
  onToggle: () => void;
}

/** 显示修改人: tints the section's text by who wrote it (a pressed button while on). */
export function AuthorshipToggle({ on, loading, legendId, onToggle }: AuthorshipToggleProps) {
  return (
    <button
      type="button"
      className={on ? 'authorship-toggle authorship-toggle--on' : 'authorship-toggle'}
      data-testid="authorship-toggle"
      aria-pressed={on}
      aria-controls={on ? legendId : undefined}
      aria-busy={on && loading}
      onClick={onToggle}
      title={on ? '不再按修改人着色' : '按修改人为本节文字着色'}
    >
      <svg className="authorship-toggle__icon" viewBox="0 0 16 16" width="14" height="14" aria-hidden="true">
        <circle cx="6" cy="5" r="2.5" fill="none" stroke="currentColor" strokeWidth="1.4" />
        <path d="M1.5 13.5c.6-2.6 2.3-4 4.5-4s3.9 1.4 4.5 4" fill="none" stroke="currentColor" strokeWidth="1.4" strokeLinecap="round" />
        <path d="M10.5 4.5h4M12 8h2.5" stroke="currentColor" strokeWidth="1.4" strokeLinecap="round" />
      </svg>
      显示修改人
    </button>
  );
}
