import { parseLengthLimit } from './lengthLimit.js';

/** What the submit check looks at: the section's measures and its 写作要求. */
export interface SubmitFacts {
  chars: number;
  placeholders: number;
  /** Excerpts around the first placeholders, e.g. 同比增长X%. */
  samples: readonly string[];
  instruction: string | null | undefined;
}

const QUESTION = '确定提交吗？';

/**
 * The warnings to confirm before submitting a section: unfilled placeholders and text longer than
 * the limit its 写作要求 sets. Empty when the section can be submitted without asking.
 *
 * @example
 * submitWarnings({ chars: 120, placeholders: 2, samples: ['增长X%', 'XX亿元'], instruction: '' })
 * // ['本节还有 2 处数据未填写（增长X%、XX亿元），确定提交吗？']
 */
export function submitWarnings(facts: SubmitFacts): string[] {
  const problems: string[] = [];
  if (facts.placeholders > 0) {
    const more = facts.placeholders > facts.samples.length ? '等' : '';
    const quoted = facts.samples.length > 0 ? `（${facts.samples.join('、')}${more}）` : '';
    problems.push(`本节还有 ${facts.placeholders} 处数据未填写${quoted}`);
  }
  const limit = parseLengthLimit(facts.instruction);
  if (limit !== null && facts.chars > limit) {
    problems.push(`本节共 ${facts.chars} 字，超过写作要求的 ${limit} 字上限`);
  }
  if (problems.length === 1) return [`${problems[0]}，${QUESTION}`];
  return problems.length === 0 ? [] : [...problems.map((p) => `${p}。`), QUESTION];
}
