import { useId } from 'react';
import type { BureauOption, OutlineSection } from '../../api/officeApi';
import type { SavePlan } from '../../hooks/office/assignmentDraft';
import { toggleBureau } from '../../hooks/office/assignmentDraft';
import { useAssignmentDraft } from '../../hooks/office/useAssignmentDraft';
import { DateInput } from '../DateInput';
import { BureauPicker } from './BureauPicker';
import './AssignmentEditor.css';
import './officeButtons.css';

/** Props of {@link AssignmentEditor}. */
export interface AssignmentEditorProps {
  section: OutlineSection;
  /** e.g. （一）疫情防控, for accessible names. */
  label: string;
  bureaus: readonly BureauOption[];
  /** Another change is being sent: 保存 waits (the fields stay editable). */
  busy: boolean;
  /** Sends the plan; resolves true when saved. */
  onSave: (plan: SavePlan) => Promise<boolean>;
}

/** 承办部门, 截止 and 写作要求 of one section, saved together with 保存. */
export function AssignmentEditor({ section, label, bureaus, busy, onSave }: AssignmentEditorProps) {
  const id = useId();
  const { draft, setDraft, plan, reset } = useAssignmentDraft(section);
  const dirty = plan !== null;
  // A bureau the list no longer has (deleted) still shows as assigned, so it is not dropped unseen.
  const known = new Set(bureaus.map((b) => b.id));
  const options = [...bureaus, ...section.bureaus.filter((b) => !known.has(b.id)).map((b) => ({ id: b.id, name: b.name, color: '#9aa1ab', isOffice: false }))];

  return (
    <div className={dirty ? 'assignment-editor assignment-editor--dirty' : 'assignment-editor'}>
      <div className="assignment-editor__line">
        <span className="assignment-editor__label" aria-hidden="true">
          承办部门
        </span>
        <BureauPicker
          bureaus={options}
          selected={draft.bureauIds}
          onToggle={(bureauId, on) => setDraft(toggleBureau(draft, bureauId, on))}
          sectionLabel={label}
        />
      </div>
      <div className="assignment-editor__line assignment-editor__line--fields">
        <label className="assignment-editor__label" htmlFor={`${id}-due`}>
          截止
        </label>
        <DateInput id={`${id}-due`} className="assignment-editor__due" testId="outline-due" value={draft.dueDate} onChange={(dueDate) => setDraft({ ...draft, dueDate })} />
        <label className="assignment-editor__label" htmlFor={`${id}-instruction`}>
          写作要求
        </label>
        <textarea
          id={`${id}-instruction`}
          className="assignment-editor__instruction"
          data-testid="outline-instruction"
          rows={1}
          maxLength={2000}
          placeholder="如：写明主要做法和成效，不超过800字"
          value={draft.instruction}
          onChange={(e) => setDraft({ ...draft, instruction: e.target.value })}
        />
        <span className="assignment-editor__actions">
          {dirty && (
            <button type="button" className="button office-button-sm" onClick={reset}>
              撤销
            </button>
          )}
          <button
            type="button"
            className="button button--primary office-button-sm"
            data-testid="outline-save"
            disabled={busy || !dirty}
            onClick={() => void onSave(plan)}
          >
            保存
          </button>
        </span>
      </div>
    </div>
  );
}
