/** The built-in templates, one per kind. */
import { HALF_YEAR_TEMPLATE } from './halfYear.js';
import { PLENUM_SPEECH_TEMPLATE } from './plenumSpeech.js';
import type { Template } from './types.js';
import { WORK_POINTS_TEMPLATE } from './workPoints.js';

/** Every built-in template, in the order the picker shows them. */
export const TEMPLATES: readonly Template[] = [HALF_YEAR_TEMPLATE, WORK_POINTS_TEMPLATE, PLENUM_SPEECH_TEMPLATE];

/**
 * The template of a kind, or null for an unknown kind (and for 'custom', which has no outline).
 * @example findTemplate('half_year')?.name // '上半年工作总结及下半年工作计划'
 */
export function findTemplate(kind: string): Template | null {
  return TEMPLATES.find((t) => t.kind === kind) ?? null;
}
