import type { BureauOption } from '../../api/officeApi';
import './BureauPicker.css';

/** Props of {@link BureauPicker}. */
export interface BureauPickerProps {
  bureaus: readonly BureauOption[];
  selected: readonly string[];
  onToggle: (bureauId: string, on: boolean) => void;
  /** Section label for the accessible name, e.g. （一）疫情防控. */
  sectionLabel: string;
}

/** 承办部门 as a row of checkable pills, one per bureau (the office last: it rarely writes). */
export function BureauPicker({ bureaus, selected, onToggle, sectionLabel }: BureauPickerProps) {
  const ordered = [...bureaus.filter((b) => !b.isOffice), ...bureaus.filter((b) => b.isOffice)];
  return (
    <fieldset className="bureau-picker" data-testid="outline-assign">
      <legend className="visually-hidden">{sectionLabel}的承办部门</legend>
      {ordered.map((bureau) => {
        const checked = selected.includes(bureau.id);
        return (
          <label key={bureau.id} className={checked ? 'bureau-pill bureau-pill--on' : 'bureau-pill'}>
            <input type="checkbox" data-bureau-id={bureau.id} checked={checked} onChange={(e) => onToggle(bureau.id, e.target.checked)} />
            <span className="bureau-pill__dot" style={{ background: bureau.color }} aria-hidden="true" />
            {bureau.name}
          </label>
        );
      })}
    </fieldset>
  );
}
