import { parseLengthLimit } from './lengthLimit.js';

/** What the submit check looks at: the section's measures and its 写作要求. */
export interface SubmitFacts {
  chars: number;
  placeholders: number;
  /** Excerpts around the first placeholders, e.g. 同比增长X%. */
  samples: readonly string[];
  instruction: string | null | undefined;
}

const SUBMIT_QUESTION = '确定提交吗？';
const APPROVE_QUESTION = '确定通过吗？';

/**
 * What is wrong with a section before it is submitted or approved, as statements (each ending in 。): an empty
 * section, unfilled placeholders, text longer than the limit its 写作要求 sets. Empty when there is
 * nothing to say. They never block a submit; the submit answer reports them as `warnings`.
 *
 * @example
 * submitProblems({ chars: 120, placeholders: 2, samples: ['增长X%', 'XX亿元'], instruction: '' })
 * // ['本节还有 2 处数据未填写（增长X%、XX亿元）。']
 */
export function submitProblems(facts: SubmitFacts): string[] {
  const problems: string[] = [];
  if (facts.chars === 0) problems.push('本节还没有内容。');
  if (facts.placeholders > 0) {
    const more = facts.placeholders > facts.samples.length ? '等' : '';
    const quoted = facts.samples.length > 0 ? `（${facts.samples.join('、')}${more}）` : '';
    problems.push(`本节还有 ${facts.placeholders} 处数据未填写${quoted}。`);
  }
  const limit = parseLengthLimit(facts.instruction);
  if (limit !== null && facts.chars > limit) {
    problems.push(`本节共 ${facts.chars} 字，超过写作要求的 ${limit} 字上限。`);
  }
  return problems;
}

/**
 * The submit confirmation the editor sees: the problems, then the question. Empty when the
 * section can be submitted without asking.
 *
 * @example
 * submitWarnings({ chars: 120, placeholders: 2, samples: ['增长X%', 'XX亿元'], instruction: '' })
 * // ['本节还有 2 处数据未填写（增长X%、XX亿元），确定提交吗？']
 */
export function submitWarnings(facts: SubmitFacts): string[] {
  return confirmation(submitProblems(facts), SUBMIT_QUESTION);
}

/**
 * The 通过 confirmation the office sees: the same checks as 提交 (placeholders, length, empty),
 * then the question. Empty when the section can be approved without asking.
 *
 * @example
 * approveWarnings({ chars: 900, placeholders: 0, samples: [], instruction: '不超过800字' })
 * // ['本节共 900 字，超过写作要求的 800 字上限，确定通过吗？']
 */
export function approveWarnings(facts: SubmitFacts): string[] {
  return confirmation(submitProblems(facts), APPROVE_QUESTION);
}

/** The problems and the question, the only problem and the question joined in one sentence. */
function confirmation(problems: readonly string[], question: string): string[] {
  if (problems.length === 1) return [`${problems[0]!.slice(0, -1)}，${question}`];
  return problems.length === 0 ? [] : [...problems, question];
}
