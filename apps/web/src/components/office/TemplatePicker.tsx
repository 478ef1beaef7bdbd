import type { ReportTemplate } from '../../api/officeApi';
import './TemplatePicker.css';

/** Props of {@link TemplatePicker}. */
export interface TemplatePickerProps {
  templates: readonly ReportTemplate[];
  selected: string | null;
  onSelect: (kind: string) => void;
}

/** The report templates as a radio group of cards: name, sections to write, first headings. */
export function TemplatePicker({ templates, selected, onSelect }: TemplatePickerProps) {
  return (
    <div className="template-picker" role="radiogroup" aria-label="报告模板">
      {templates.map((template) => {
        const checked = template.kind === selected;
        const headings = template.outline.filter((e) => e.level === 1 && e.numbered).map((e) => `${e.number}${e.title}`);
        return (
          <button
            key={template.kind}
            type="button"
            role="radio"
            aria-checked={checked}
            className={checked ? 'template-option template-option--selected' : 'template-option'}
            data-testid="template-option"
            data-kind={template.kind}
            onClick={() => onSelect(template.kind)}
          >
            <span className="template-option__head">
              <span className="template-option__radio" aria-hidden="true" />
              <span className="template-option__name">{template.name}</span>
              <span className="template-option__count">{template.sectionCount}节待撰写</span>
            </span>
            <span className="template-option__outline">{headings.slice(0, 4).join(' · ') || '无编号标题'}</span>
          </button>
        );
      })}
    </div>
  );
}
