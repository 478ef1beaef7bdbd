import { useId } from 'react';
import { isTemplateKind, type TemplateKind } from '@hegao/domain';
import type { ImportMeta } from '../../model/importOutline';
import { DateInput } from '../DateInput';
import './import.css';

/** Report kinds the importer guesses from the title, with their Chinese names. */
export const KIND_LABELS: Record<TemplateKind, string> = {
  half_year: '半年工作总结',
  work_points: '年度工作要点',
  plenum_speech: '全会讲话',
  custom: '其他',
};

/** Props of {@link ImportMetaForm}. */
export interface ImportMetaFormProps {
  meta: ImportMeta;
  onChange: (meta: ImportMeta) => void;
  disabled: boolean;
}

/** 报告标题, 报告期, 类型 and 截止日期 of the report to create, pre-filled from the preview (due date empty). */
export function ImportMetaForm({ meta, onChange, disabled }: ImportMetaFormProps) {
  const id = useId();
  const kinds = Object.keys(KIND_LABELS) as TemplateKind[];
  return (
    <fieldset className="import-meta" disabled={disabled}>
      <legend className="visually-hidden">报告信息</legend>
      <div className="import-meta__field import-meta__field--title">
        <label htmlFor={`${id}-title`}>报告标题</label>
        <input id={`${id}-title`} data-testid="import-title" type="text" maxLength={100} value={meta.title} onChange={(e) => onChange({ ...meta, title: e.target.value })} autoComplete="off" />
      </div>
      <div className="import-meta__field">
        <label htmlFor={`${id}-period`}>报告期</label>
        <input
          id={`${id}-period`}
          data-testid="import-period"
          type="text"
          maxLength={50}
          value={meta.period}
          placeholder="如 2020年上半年"
          onChange={(e) => onChange({ ...meta, period: e.target.value })}
          autoComplete="off"
        />
      </div>
      <div className="import-meta__field">
        <label htmlFor={`${id}-kind`}>报告类型</label>
        <select id={`${id}-kind`} data-testid="import-kind" value={meta.kind} onChange={(e) => onChange({ ...meta, kind: isTemplateKind(e.target.value) ? e.target.value : meta.kind })}>
          {kinds.map((kind) => (
            <option key={kind} value={kind}>
              {KIND_LABELS[kind]}
            </option>
          ))}
        </select>
      </div>
      <div className="import-meta__field">
        <label htmlFor={`${id}-due`}>截止日期</label>
        <DateInput id={`${id}-due`} testId="import-due" required value={meta.dueDate} onChange={(dueDate) => onChange({ ...meta, dueDate })} />
      </div>
    </fieldset>
  );
}
