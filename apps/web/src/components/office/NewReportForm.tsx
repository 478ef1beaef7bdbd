import { useId, useState, type FormEvent } from 'react';
import type { NewReportInput, ReportTemplate } from '../../api/officeApi';
import { SUGGESTED_DUE_DAYS, isoDate, suggestTitle } from '../../hooks/office/titlePattern';
import { dateTextProblem } from '../../model/dateText';
import { DateInput } from '../DateInput';
import './NewReportForm.css';

/** Props of {@link NewReportForm}. */
export interface NewReportFormProps {
  template: ReportTemplate | null;
  today: Date;
  submitting: boolean;
  /** The server's message after a failed attempt. */
  error: string | null;
  onSubmit: (input: NewReportInput) => void;
}

/**
 * 标题, 报告期 and 截止日期 of a new report. Title and period are suggested from the template's
 * patterns (示例区, this year) until the secretary types her own.
 */
export function NewReportForm({ template, today, submitting, error, onSubmit }: NewReportFormProps) {
  const id = useId();
  const suggestion = template ? suggestTitle(template, today) : { title: '', period: '' };
  const [title, setTitle] = useState<string | null>(null);
  const [period, setPeriod] = useState<string | null>(null);
  const [dueDate, setDueDate] = useState(() => isoDate(today, SUGGESTED_DUE_DAYS));
  const [problem, setProblem] = useState<string | null>(null);

  const values = { title: title ?? suggestion.title, period: period ?? suggestion.period, dueDate };

  function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (submitting) return;
    const missing = !template ? '请选择报告模板' : !values.title.trim() ? '请填写报告标题' : !values.period.trim() ? '请填写报告期' : !values.dueDate ? '请填写截止日期' : dateTextProblem(values.dueDate);
    setProblem(missing);
    if (missing || !template) return;
    onSubmit({ templateId: template.id, title: values.title.trim(), period: values.period.trim(), dueDate: values.dueDate });
  }

  const message = problem ?? error;
  return (
    <form className="new-report-form" onSubmit={handleSubmit} noValidate aria-busy={submitting}>
      <h2 className="new-report-form__heading">报告信息</h2>
      <div className="new-report-form__field">
        <label htmlFor={`${id}-title`}>报告标题</label>
        <input id={`${id}-title`} name="title" type="text" maxLength={100} value={values.title} onChange={(e) => setTitle(e.target.value)} autoComplete="off" />
      </div>
      <div className="new-report-form__row">
        <div className="new-report-form__field">
          <label htmlFor={`${id}-period`}>报告期</label>
          <input id={`${id}-period`} name="period" type="text" maxLength={50} value={values.period} onChange={(e) => setPeriod(e.target.value)} autoComplete="off" />
        </div>
        <div className="new-report-form__field">
          <label htmlFor={`${id}-due`}>截止日期</label>
          <DateInput id={`${id}-due`} name="dueDate" value={values.dueDate} onChange={setDueDate} />
        </div>
      </div>
      <p className="new-report-form__hint">已指定默认承办部门的章节将直接分配，截止日期为报告截止前三天。</p>
      {message && (
        <p className="new-report-form__error" role="alert">
          {message}
        </p>
      )}
      <button type="submit" className="button button--primary button--large" disabled={submitting || !template}>
        {submitting ? '正在创建…' : '创建报告'}
      </button>
    </form>
  );
}
