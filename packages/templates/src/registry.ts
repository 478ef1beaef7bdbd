/** The built-in templates: one or more per kind, each following the outline of a real report in seeds/. */
import { HALF_YEAR_TEMPLATE } from './halfYear.js';
import { HALF_YEAR_CITY_TEMPLATE } from './halfYearCity.js';
import { HALF_YEAR_GOVERNMENT_TEMPLATE } from './halfYearGovernment.js';
import { PLENUM_SPEECH_TEMPLATE } from './plenumSpeech.js';
import type { Template } from './types.js';
import { WORK_POINTS_TEMPLATE } from './workPoints.js';

/** Every built-in template, in the order the picker shows them; the first of each kind is that kind's default. */
export const TEMPLATES: readonly Template[] = [
  HALF_YEAR_TEMPLATE,
  HALF_YEAR_CITY_TEMPLATE,
  HALF_YEAR_GOVERNMENT_TEMPLATE,
  WORK_POINTS_TEMPLATE,
  PLENUM_SPEECH_TEMPLATE,
];

/**
 * The template with this id, or else the default template of this kind (the API's older `templateKind`);
 * null for an unknown value and for 'custom', which has no outline.
 * @example findTemplate('half_year_city')?.name // '上半年工作总结（分领域平列）'
 * @example findTemplate('half_year')?.id // 'half_year'
 */
export function findTemplate(idOrKind: string): Template | null {
  return TEMPLATES.find((t) => t.id === idOrKind) ?? TEMPLATES.find((t) => t.kind === idOrKind) ?? null;
}
