// Public surface of @hegao/templates: the built-in report templates (outline, default bureaus, 写作要求, 参考范文).
export type { Template, TemplateKindWithOutline, TemplateOutlineEntry, TemplateSection } from './types.js';
export { TEMPLATES, findTemplate } from './registry.js';
export { countWrittenSections, templateOutline } from './outline.js';
export { renderPattern } from './title.js';
