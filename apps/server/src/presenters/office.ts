/** The office's lookups as the API answers them: templates (`TEMPLATE`, `TEMPLATE_DETAIL`) and bureaus (`BUREAU_OPTION`) of @hegao/contract. */
import type { BureauOption, ReportTemplate, ReportTemplateDetail } from '@hegao/contract';
import type { Bureau } from '@hegao/domain';
import { countWrittenSections, templateOutline, type Template } from '@hegao/templates';

/** A template for the picker (`GET /api/templates`). */
export function presentTemplate(template: Template): ReportTemplate {
  return {
    id: template.id,
    kind: template.kind,
    name: template.name,
    source: template.source,
    titlePattern: template.titlePattern,
    periodPattern: template.periodPattern,
    sectionCount: countWrittenSections(template),
    outline: templateOutline(template).map((e) => ({
      title: e.title,
      level: e.level,
      number: e.number,
      numbered: e.numbered,
      defaultBureau: e.defaultBureau,
      instruction: e.instruction,
    })),
  };
}

/** A template in full (`GET /api/templates/:id`): each outline entry with its 参考范文. */
export function presentTemplateDetail(template: Template): ReportTemplateDetail {
  const examples = templateOutline(template).map((e) => e.example);
  const head = presentTemplate(template);
  return { ...head, outline: head.outline.map((e, i) => ({ ...e, example: examples[i] ?? null })) };
}

/** A bureau as `GET /api/bureaus` lists it. */
export function presentBureau(bureau: Bureau): BureauOption {
  return { id: bureau.id, name: bureau.name, color: bureau.color, isOffice: bureau.isOffice };
}
