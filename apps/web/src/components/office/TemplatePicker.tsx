import type { ReportTemplate } from '../../api/officeApi';
import { cardOutline } from './templateOptions';
import './TemplatePicker.css';

/** Props of {@link TemplatePicker}. */
export interface TemplatePickerProps {
  templates: readonly ReportTemplate[];
  /** The selected template's id. */
  selected: string | null;
  onSelect: (id: string) => void;
}

/** The report templates as a radio group of cards: name, the real report it follows, sections to write, first headings. */
export function TemplatePicker({ templates, selected, onSelect }: TemplatePickerProps) {
  return (
    <div className="template-picker" role="radiogroup" aria-label="报告模板">
      {templates.map((template) => {
        const checked = template.id === selected;
        return (
          <button
            key={template.id}
            type="button"
            role="radio"
            aria-checked={checked}
            className={checked ? 'template-option template-option--selected' : 'template-option'}
            data-testid="template-option"
            data-template-id={template.id}
            data-kind={template.kind}
            onClick={() => onSelect(template.id)}
          >
            <span className="template-option__head">
              <span className="template-option__radio" aria-hidden="true" />
              <span className="template-option__name">{template.name}</span>
              <span className="template-option__count">{template.sectionCount}节待撰写</span>
            </span>
            <span className="template-option__source" data-testid="template-source">
              {template.source}
            </span>
            <span className="template-option__outline">{cardOutline(template)}</span>
          </button>
        );
      })}
    </div>
  );
}
