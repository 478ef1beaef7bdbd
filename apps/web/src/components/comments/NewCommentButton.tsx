/** Props of {@link NewCommentButton}. */
export interface NewCommentButtonProps {
  /** The section's editor has a non-empty selection. */
  enabled: boolean;
  /** The user is a leader: the comment is a 批示. */
  leader: boolean;
  onClick: () => void;
}

/** 新建批注 / 新建批示 from the text selected in the section's editor (read-only editors too). */
export function NewCommentButton({ enabled, leader, onClick }: NewCommentButtonProps) {
  const kind = leader ? '批示' : '批注';
  return (
    <button
      type="button"
      className="comment-new"
      data-testid="comment-new"
      disabled={!enabled}
      // Keep the editor's selection: the click must not move focus or clear the browser selection.
      onMouseDown={(event) => event.preventDefault()}
      onClick={onClick}
      title={enabled ? `对选中的文字写${kind}` : `先在正文中选中要${kind}的文字`}
    >
      <span aria-hidden="true">＋</span>
      新建{kind}
    </button>
  );
}
