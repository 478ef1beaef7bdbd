import type { ReportTemplate } from '../../api/officeApi';
import { BureauTag } from '../BureauTag';
import './TemplatePreview.css';

/** Props of {@link TemplatePreview}. */
export interface TemplatePreviewProps {
  template: ReportTemplate;
  /** Names of the workspace's bureaus; a default bureau not among them will stay unassigned. Null while unknown. */
  bureauNames: ReadonlySet<string> | null;
}

/** The outline a template gives a new report: numbered titles, default bureaus and 写作要求. */
export function TemplatePreview({ template, bureauNames }: TemplatePreviewProps) {
  return (
    <section className="template-preview" aria-label="大纲预览" data-testid="template-preview" data-template-id={template.id} data-kind={template.kind}>
      <header className="template-preview__head">
        <h2 className="template-preview__title">大纲预览</h2>
        <span className="template-preview__hint">{template.source}；创建后可在“大纲与分配”中调整</span>
      </header>
      <ol className="template-preview__list">
        {template.outline.map((entry, i) => (
          <li key={i} className={`template-preview__entry template-preview__entry--level-${Math.min(entry.level, 3)}`} style={{ paddingLeft: `${16 + (entry.level - 1) * 22}px` }}>
            <div className="template-preview__line">
              <span className="template-preview__name">
                {entry.number}
                {entry.title}
                {!entry.numbered && <span className="template-preview__unnumbered">不编号</span>}
              </span>
              {entry.defaultBureau &&
                (bureauNames && !bureauNames.has(entry.defaultBureau) ? (
                  <span className="template-preview__missing" title="本系统暂无该部门，创建后此节暂不分配">
                    {entry.defaultBureau}（未设该部门）
                  </span>
                ) : (
                  <BureauTag name={entry.defaultBureau} />
                ))}
            </div>
            {entry.instruction && <p className="template-preview__instruction">写作要求：{entry.instruction}</p>}
          </li>
        ))}
      </ol>
    </section>
  );
}
