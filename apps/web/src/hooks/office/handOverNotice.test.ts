import { describe, expect, it } from 'vitest';
import type { SectionHandOver } from '../../api/officeApi';
import { handOverNotice } from './handOverNotice';

const moved: SectionHandOver = {
  fromId: 's1',
  fromTitle: '乡村振兴',
  bureauIds: ['b-nyj'],
  dueDate: '2026-07-01',
  instruction: '不超过800字',
  status: 'drafting',
  text: true,
  comments: 0,
  notifications: 1,
};

describe('handOverNotice', () => {
  it('names everything that moved from the leaf to the new sub-section', () => {
    expect(handOverNotice({ handOver: moved })).toBe('原章节“乡村振兴”的承办部门、截止日期、写作要求和正文已转给新的子章节，“乡村振兴”现为标题，不再单独撰写。');
    expect(handOverNotice({ handOver: { ...moved, dueDate: null, text: false, comments: 2 } })).toBe(
      '原章节“乡村振兴”的承办部门、写作要求和批注已转给新的子章节，“乡村振兴”现为标题，不再单独撰写。',
    );
    expect(handOverNotice({ handOver: { ...moved, bureauIds: [], dueDate: null, instruction: '', text: true } })).toBe(
      '原章节“乡村振兴”的正文已转给新的子章节，“乡村振兴”现为标题，不再单独撰写。',
    );
  });

  it('says which bureaus a sub-section under a heading took from its siblings', () => {
    const names = new Map([['b-nyj', '农业农村局']]);
    expect(handOverNotice({ inherited: { bureauIds: ['b-nyj'], dueDate: '2026-07-01' } }, (id) => names.get(id) ?? '')).toBe(
      '新的子章节沿用同级章节的承办部门（农业农村局）和截止日期，如需调整请修改分配。',
    );
    expect(handOverNotice({ inherited: { bureauIds: ['b-nyj'], dueDate: null } })).toBe('新的子章节沿用同级章节的承办部门，如需调整请修改分配。');
  });

  it('says nothing for a plain add', () => {
    expect(handOverNotice({})).toBeNull();
    expect(handOverNotice({ inherited: { bureauIds: [], dueDate: null } })).toBeNull();
  });
});
