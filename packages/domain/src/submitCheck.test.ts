import { describe, expect, it } from 'vitest';
import { approveWarnings, submitProblems, submitWarnings } from './submitCheck.js';

describe('submitWarnings', () => {
  it('is empty for a complete section within its limit', () => {
    expect(submitWarnings({ chars: 500, placeholders: 0, samples: [], instruction: '不超过800字' })).toEqual([]);
  });

  it('names the unfilled placeholders', () => {
    expect(submitWarnings({ chars: 10, placeholders: 2, samples: ['增长X%', 'XX亿元'], instruction: null })).toEqual([
      '本节还有 2 处数据未填写（增长X%、XX亿元），确定提交吗？',
    ]);
  });

  it('says 等 when more placeholders exist than are quoted', () => {
    const [warning] = submitWarnings({ chars: 10, placeholders: 5, samples: ['X个', 'X家', 'X人'], instruction: '' });
    expect(warning).toBe('本节还有 5 处数据未填写（X个、X家、X人等），确定提交吗？');
  });

  it('warns when the text exceeds the limit of the instruction', () => {
    expect(submitWarnings({ chars: 801, placeholders: 0, samples: [], instruction: '不超过800字，数据截至6月底' })).toEqual([
      '本节共 801 字，超过写作要求的 800 字上限，确定提交吗？',
    ]);
    expect(submitWarnings({ chars: 800, placeholders: 0, samples: [], instruction: '不超过800字' })).toEqual([]);
  });

  it('lists both problems and asks once', () => {
    expect(submitWarnings({ chars: 900, placeholders: 1, samples: ['X%'], instruction: '限800字' })).toEqual([
      '本节还有 1 处数据未填写（X%）。',
      '本节共 900 字，超过写作要求的 800 字上限。',
      '确定提交吗？',
    ]);
  });

  it('asks before submitting an empty section', () => {
    expect(submitWarnings({ chars: 0, placeholders: 0, samples: [], instruction: '不超过800字' })).toEqual(['本节还没有内容，确定提交吗？']);
  });
});

describe('submitProblems', () => {
  it('states each problem as a sentence, without the question (the REST answer reports them after the submit)', () => {
    expect(submitProblems({ chars: 900, placeholders: 1, samples: ['X%'], instruction: '限800字' })).toEqual([
      '本节还有 1 处数据未填写（X%）。',
      '本节共 900 字，超过写作要求的 800 字上限。',
    ]);
    expect(submitProblems({ chars: 0, placeholders: 0, samples: [], instruction: null })).toEqual(['本节还没有内容。']);
    expect(submitProblems({ chars: 500, placeholders: 0, samples: [], instruction: '不超过800字' })).toEqual([]);
  });
});

describe('approveWarnings', () => {
  it('asks the office about the same problems as a submit, with its own question', () => {
    expect(approveWarnings({ chars: 10, placeholders: 2, samples: ['增长X%', 'XX亿元'], instruction: null })).toEqual([
      '本节还有 2 处数据未填写（增长X%、XX亿元），确定通过吗？',
    ]);
    expect(approveWarnings({ chars: 900, placeholders: 1, samples: ['X%'], instruction: '限800字' })).toEqual([
      ...submitProblems({ chars: 900, placeholders: 1, samples: ['X%'], instruction: '限800字' }),
      '确定通过吗？',
    ]);
    expect(approveWarnings({ chars: 0, placeholders: 0, samples: [], instruction: null })).toEqual(['本节还没有内容，确定通过吗？']);
  });

  it('says nothing when there is nothing to say', () => {
    expect(approveWarnings({ chars: 500, placeholders: 0, samples: [], instruction: '不超过800字' })).toEqual([]);
  });
});
