import { describe, expect, it } from 'vitest';
import { findNotice, innerTitleOf } from './notice.js';

/** findNotice over lines that carry no removal reason yet. */
function find(lines: string[]) {
  return findNotice(lines, lines.map(() => null));
}

const NOTICE = [
  'X政办发〔2023〕1号', // 0
  'XX区人民政府办公室关于印发《XX区2023年工作要点》的通知', // 1
  '各镇人民政府，各街道办事处，区政府各部门：', // 2
  '现将《XX区2023年工作要点》印发给你们，请认真贯彻落实。', // 3
  '一、提高思想认识', // 4
  '二、加强督促检查', // 5
  '附件：XX区2023年工作要点', // 6
  'XX区人民政府办公室', // 7
  '2023年2月1日', // 8
  '附件', // 9
  'XX区2023年工作要点', // 10
  '今年全区工作的总体要求是稳中求进。', // 11
  '一、扩大有效投资', // 12
  '全年实施重点项目100个。', // 13
];

describe('findNotice', () => {
  it('takes the 附件 after the signature date, not the 附件 listed in the notice', () => {
    const split = find(NOTICE);
    expect(split).toMatchObject({ marker: 9, inlineTitle: null, markerReason: '附件标记', end: NOTICE.length, innerTitle: 'XX区2023年工作要点' });
    expect(split!.warning.code).toBe('notice_attachment');
    expect(split!.warning.message).toContain('识别为通知（文号）');
  });

  it('reads a title written on the 附件 line itself', () => {
    const lines = [...NOTICE.slice(0, 9), '附件1：XX区2023年工作要点', ...NOTICE.slice(11)];
    expect(find(lines)).toMatchObject({ marker: 9, inlineTitle: 'XX区2023年工作要点' });
  });

  it('ends the report at the next attachment', () => {
    const lines = [...NOTICE, '附件2', 'XX区2023年重点项目清单', '序号 项目名称 投资', '1 道路工程 5亿元'];
    expect(find(lines)).toMatchObject({ marker: 9, end: NOTICE.length });
  });

  it('takes the report after the signature date when there is no 附件 line', () => {
    const lines = [...NOTICE.slice(0, 6), ...NOTICE.slice(7, 9), ...NOTICE.slice(11)];
    const split = find(lines);
    expect(split).toMatchObject({ marker: 7, inlineTitle: null, markerReason: '通知正文' });
    expect(split!.warning.message).toContain('落款日期之后');
  });

  it('is null for a report that is not a notice, and for a notice without an attachment', () => {
    expect(find(['区2023年工作要点', '今年是开局之年。', '一、扩大投资', '附件：重点项目表', '道路工程', '桥梁工程', '管网工程'])).toBeNull();
    expect(find(NOTICE.slice(0, 6))).toBeNull();
  });
});

describe('innerTitleOf', () => {
  it.each([
    ['XX区人民政府办公室关于印发《XX区2023年工作要点》的通知', 'XX区2023年工作要点'],
    ['《北京市人民政府办公厅关于印发〈北京市2016年政务公开工作要点〉的通知》', '北京市2016年政务公开工作要点'],
    ['关于印发XX县2022年工作要点的通知', 'XX县2022年工作要点'],
    ['关于做好春节期间安全生产工作的通知', null],
  ])('%s → %s', (title, inner) => {
    expect(innerTitleOf(title)).toBe(inner);
  });
});
