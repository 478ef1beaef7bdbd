import { useMemo, useState } from 'react';
import { ErrorState } from '../components/ErrorState';
import { LoadingState } from '../components/LoadingState';
import { NewReportForm } from '../components/office/NewReportForm';
import { TemplatePicker } from '../components/office/TemplatePicker';
import { TemplatePreview } from '../components/office/TemplatePreview';
import { selectedTemplate } from '../components/office/templateOptions';
import { useDocumentTitle } from '../hooks/useDocumentTitle';
import { useMe } from '../hooks/useMe';
import { useToday } from '../hooks/useToday';
import { createAccess } from '../hooks/office/officeAccess';
import { useBureaus } from '../hooks/office/useBureaus';
import { useCreateReport } from '../hooks/office/useCreateReport';
import { useTemplates } from '../hooks/office/useTemplates';
import { REPORTS_HREF } from '../router/route';
import './NewReportPage.css';

/** 新建报告: pick a template, check its outline, name the report, create it, then edit its outline. */
export function NewReportPage() {
  useDocumentTitle('新建报告');
  const me = useMe();
  const today = useToday();
  const access = createAccess(me);
  const templates = useTemplates();
  const create = useCreateReport();
  const [templateId, setTemplateId] = useState<string | null>(null);
  const bureaus = useBureaus();
  const bureauData = bureaus.status === 'ready' ? bureaus.data : null;
  const bureauNames = useMemo(() => (bureauData ? new Set(bureauData.map((b) => b.name)) : null), [bureauData]);

  if (!access.allowed) {
    return (
      <main className="page new-report">
        <ErrorState title="无法新建报告" message={access.reason}>
          <a className="button" href={REPORTS_HREF}>
            返回报告列表
          </a>
        </ErrorState>
      </main>
    );
  }

  const list = templates.status === 'ready' ? templates.data : [];
  const selected = selectedTemplate(list, templateId);

  return (
    <main className="page new-report">
      <a className="new-report__back" href={REPORTS_HREF}>
        <span aria-hidden="true">←</span> 返回报告列表
      </a>
      <h1 className="new-report__title">新建报告</h1>
      <p className="new-report__lead">选择报告模板（每个模板沿用一份真实报告的结构和标题），确认大纲后填写报告信息。创建后可继续调整大纲、分配承办部门。</p>

      {templates.status === 'loading' && <LoadingState label="正在加载报告模板…" rows={2} />}
      {templates.status === 'error' && <ErrorState message={templates.error.message} onRetry={templates.reload} />}
      {templates.status === 'ready' && (
        <div className="new-report__layout">
          <div className="new-report__side">
            <h2 className="new-report__step">选择模板</h2>
            <TemplatePicker templates={list} selected={selected?.id ?? null} onSelect={setTemplateId} />
            <NewReportForm template={selected} today={today} submitting={create.submitting} error={create.error} onSubmit={(input) => void create.submit(input)} />
          </div>
          {selected && <TemplatePreview template={selected} bureauNames={bureauNames} />}
        </div>
      )}
    </main>
  );
}
