import { useState } from 'react';
import { DATE_TEXT_EXAMPLE, dateTextProblem, parseDateText } from '../model/dateText';
import './DateInput.css';

/** Props of {@link DateInput}. */
export interface DateInputProps {
  id: string;
  /** YYYY-MM-DD, '' for none (or what was typed, when it is not a date). */
  value: string;
  /** The day typed (YYYY-MM-DD, '' when cleared); text that is not a date is passed as typed, for the server to refuse. */
  onChange: (value: string) => void;
  className?: string;
  name?: string;
  testId?: string;
  required?: boolean;
}

/**
 * A due-date field that reads and shows 2026-12-06 or 2026年12月6日 whatever the browser's
 * locale (a native date input shows 12/06/2026 in an English browser). Shown as YYYY-MM-DD once
 * it loses focus; a text that is no date says so.
 */
export function DateInput({ id, value, onChange, className, name, testId, required }: DateInputProps) {
  // What is being typed, and what it was passed on as: a value from outside (撤销, a reload) replaces it.
  const [edit, setEdit] = useState<{ text: string; sent: string } | null>(null);
  const [focused, setFocused] = useState(false);
  const current = edit !== null && edit.sent === value ? edit : null;
  const text = current?.text ?? value;
  const problem = !focused ? dateTextProblem(text) : null;
  return (
    <span className="date-input">
      <input
        id={id}
        name={name}
        className={className ? `date-input__field ${className}` : 'date-input__field'}
        type="text"
        inputMode="text"
        autoComplete="off"
        placeholder={DATE_TEXT_EXAMPLE}
        data-testid={testId}
        required={required}
        aria-invalid={problem !== null}
        aria-describedby={problem ? `${id}-problem` : undefined}
        value={text}
        onFocus={() => setFocused(true)}
        onBlur={() => {
          setFocused(false);
          // A date reads as YYYY-MM-DD from now on; anything else stays, with the problem shown.
          if (parseDateText(text) !== null) setEdit(null);
        }}
        onChange={(e) => {
          const typed = e.target.value;
          const sent = parseDateText(typed) ?? typed;
          setEdit({ text: typed, sent });
          onChange(sent);
        }}
      />
      {problem && (
        <span className="date-input__problem" id={`${id}-problem`} role="alert">
          {problem}
        </span>
      )}
    </span>
  );
}
