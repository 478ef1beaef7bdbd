import { useEffect, useRef, useState } from 'react';

/** Props of {@link TitleInput}. */
export interface TitleInputProps {
  value: string;
  /** Called with the trimmed new title when it changed and is not empty. */
  onCommit: (title: string) => void;
  /** Focuses and selects the field once (a section just added), then calls `onFocused`. */
  focusNow?: boolean;
  onFocused?: () => void;
  /** Accessible name, e.g. 章节标题（一）. */
  label: string;
}

/**
 * A section title edited in place: looks like text until hovered or focused; Enter or leaving the
 * field saves, Esc restores. While not being edited it follows the server's title.
 */
export function TitleInput({ value, onCommit, focusNow = false, onFocused, label }: TitleInputProps) {
  const [text, setText] = useState(value);
  const [editing, setEditing] = useState(false);
  const ref = useRef<HTMLInputElement>(null);
  const cancelled = useRef(false);
  if (!editing && text !== value) setText(value);

  useEffect(() => {
    if (!focusNow) return;
    ref.current?.focus();
    ref.current?.select();
    onFocused?.();
  }, [focusNow, onFocused]);

  function commit() {
    setEditing(false);
    if (cancelled.current) {
      cancelled.current = false;
      setText(value);
      return;
    }
    const title = text.trim();
    if (title === '' || title === value) {
      setText(value);
      return;
    }
    onCommit(title);
  }

  return (
    <input
      ref={ref}
      className="title-input"
      data-testid="outline-rename"
      aria-label={label}
      value={text}
      maxLength={100}
      onFocus={() => setEditing(true)}
      onChange={(e) => {
        setEditing(true);
        setText(e.target.value);
      }}
      onBlur={commit}
      onKeyDown={(e) => {
        if (e.key === 'Enter') {
          e.preventDefault();
          e.currentTarget.blur();
        } else if (e.key === 'Escape') {
          cancelled.current = true;
          e.currentTarget.blur();
        }
      }}
    />
  );
}
