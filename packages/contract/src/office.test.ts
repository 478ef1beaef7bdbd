import { describe, expect, it } from 'vitest';
import {
  ADDED_SECTION,
  BUREAU_OPTION,
  CONFIRM_DELETE,
  DELETE_RESULT,
  IMPORT_PREVIEW,
  IMPORT_REPORT,
  NEW_REPORT_BODY,
  NEW_SECTION_BODY,
  OUTLINE_PLACE,
  REMIND_RESULT,
  TEMPLATE,
  TEMPLATE_DETAIL,
} from './office.js';

const entry = { title: '疫情防控', level: 2, number: '（一）', numbered: true, defaultBureau: '卫健局', instruction: '不超过800字' };
const template = {
  id: 'half_year_city',
  kind: 'half_year',
  name: '上半年工作总结（分领域平列）',
  source: '按某市2020年上半年工作总结的结构',
  titlePattern: '{地区}{年份}年上半年工作总结',
  periodPattern: '{年份}年上半年',
  sectionCount: 7,
  outline: [entry],
};

const section = {
  id: 's2',
  parentId: 's1',
  number: '1.',
  title: '常态化防控',
  level: 3,
  numbered: true,
  bureaus: [{ id: 'wjj', name: '卫健局' }],
  status: 'drafting',
  statusLabel: '编写中',
  docName: 'section-s2',
  dueDate: '2026-12-10',
  instruction: '',
  returnReason: null,
  lastEdit: null,
};

const handOver = {
  fromId: 's1',
  fromTitle: '疫情防控',
  bureauIds: ['wjj'],
  dueDate: '2026-12-10',
  instruction: '不超过800字',
  status: 'drafting',
  text: true,
  comments: 1,
  notifications: 2,
};

const preview = {
  title: '示例区2020年上半年工作总结',
  titleLine: 0,
  period: '2020年上半年',
  kind: 'half_year',
  sections: [
    {
      number: '一、',
      title: '疫情防控',
      level: 1,
      text: '深入组织动员。',
      blocks: [{ type: 'paragraph', runs: [{ text: '深入组织动员。', bold: true }] }, { type: 'table', rows: [['指标', '数值']] }],
      line: 1,
      bodyLines: [2, 3],
      bureauIds: ['wjj'],
    },
  ],
  removed: [{ line: 4, text: '首页 > 政务公开', reason: '网页导航' }],
  warnings: [{ code: 'missing_number', message: '第1节没有编号', section: 0 }],
  lines: ['示例区2020年上半年工作总结', '一、疫情防控', '深入组织动员。', '指标 数值', '首页 > 政务公开'],
  sourceName: null,
  sourceSha256: 'a'.repeat(64),
};

describe('templates and bureaus', () => {
  it('accepts a template, and a template in full with its examples', () => {
    expect(TEMPLATE.parse(template)).toEqual(template);
    const detail = { ...template, outline: [{ ...entry, example: '一是……' }] };
    expect(TEMPLATE_DETAIL.parse(detail)).toEqual(detail);
  });

  it('refuses a template of kind custom, an entry without its number, a detail without the example', () => {
    expect(TEMPLATE.safeParse({ ...template, kind: 'custom' }).success).toBe(false);
    const { number: _number, ...unnumbered } = entry;
    expect(TEMPLATE.safeParse({ ...template, outline: [unnumbered] }).success).toBe(false);
    expect(TEMPLATE_DETAIL.safeParse(template).success).toBe(false);
  });

  it('accepts a bureau and refuses one with a number id or without isOffice', () => {
    const bureau = { id: 'office', name: '办公室', color: '#8a1c1c', isOffice: true };
    expect(BUREAU_OPTION.parse(bureau)).toEqual(bureau);
    expect(BUREAU_OPTION.safeParse({ ...bureau, id: 1 }).success).toBe(false);
    expect(BUREAU_OPTION.safeParse({ id: 'office', name: '办公室', color: '#8a1c1c' }).success).toBe(false);
  });
});

describe('request bodies', () => {
  it('takes a new report by template id, and says so in Chinese when no template or a bad date is sent', () => {
    expect(NEW_REPORT_BODY.parse({ templateId: 'half_year', title: ' 报告 ', period: '2031年上半年', dueDate: '2031-07-10' }).title).toBe('报告');
    const none = NEW_REPORT_BODY.safeParse({ title: '报告', period: '2031年上半年', dueDate: '2031-07-10' });
    expect(none.error?.issues.map((i) => i.message)).toEqual(['请选择报告模板']);
    const feb30 = NEW_REPORT_BODY.safeParse({ templateId: 'half_year', title: '报告', period: '2031年上半年', dueDate: '2031-02-30' });
    expect(feb30.error?.issues.map((i) => i.message)).toEqual(['截止日期无效：日历上没有这一天']);
    const blank = NEW_REPORT_BODY.safeParse({ templateId: 'half_year', title: '  ', period: '2031年上半年', dueDate: '2031-07-10' });
    expect(blank.error?.issues.map((i) => i.message)).toEqual(['报告标题不能为空']);
  });

  it('places a section by parent and 0-based index, refusing a negative or fractional index', () => {
    expect(OUTLINE_PLACE.parse({ parentId: null, index: 0 })).toEqual({ parentId: null, index: 0 });
    expect(OUTLINE_PLACE.safeParse({ parentId: 's1', index: -1 }).error?.issues[0]?.message).toBe('位置不能为负数');
    expect(OUTLINE_PLACE.safeParse({ parentId: 's1', index: 1.5 }).error?.issues[0]?.message).toBe('位置应为整数');
    expect(OUTLINE_PLACE.safeParse({ index: 0 }).success).toBe(false);
    expect(NEW_SECTION_BODY.parse({ title: '新章节' })).toEqual({ title: '新章节' });
    expect(NEW_SECTION_BODY.safeParse({ title: ' ' }).error?.issues[0]?.message).toBe('章节标题不能为空');
  });

  it('reads an import body with its defaults, and refuses one without sections or with a bad kind', () => {
    const body = { title: '报告', period: '2020年上半年', kind: 'half_year', dueDate: '2026-12-20', sections: [{ title: '一', level: 1 }] };
    expect(IMPORT_REPORT.parse(body)).toEqual({
      ...body,
      sourceName: null,
      sourceSha256: null,
      sections: [{ title: '一', level: 1, numbered: true, blocks: [], bureauIds: [] }],
    });
    expect(IMPORT_REPORT.safeParse({ ...body, sections: [] }).success).toBe(false);
    expect(IMPORT_REPORT.safeParse({ ...body, kind: 'annual' }).success).toBe(false);
  });
});

describe('outline answers', () => {
  it('accepts an added section with or without what it took over', () => {
    expect(ADDED_SECTION.parse(section)).toEqual(section);
    expect(ADDED_SECTION.parse({ ...section, handOver }).handOver).toEqual(handOver);
    expect(ADDED_SECTION.parse({ ...section, inherited: { bureauIds: ['wjj'], dueDate: null } }).inherited).toEqual({ bureauIds: ['wjj'], dueDate: null });
  });

  it('refuses a hand-over in an unknown state or without its counts', () => {
    expect(ADDED_SECTION.safeParse({ ...section, handOver: { ...handOver, status: 'archived' } }).success).toBe(false);
    const { comments: _comments, ...uncounted } = handOver;
    expect(ADDED_SECTION.safeParse({ ...section, handOver: uncounted }).success).toBe(false);
  });

  it('accepts a delete and its question, and refuses a delete naming nothing', () => {
    expect(DELETE_RESULT.parse({ deletedIds: ['s1', 's2'], chars: 12 })).toEqual({ deletedIds: ['s1', 's2'], chars: 12 });
    expect(DELETE_RESULT.safeParse({ deletedIds: [], chars: 0 }).success).toBe(false);
    expect(DELETE_RESULT.safeParse({ deletedIds: [1], chars: 0 }).success).toBe(false);
    expect(CONFIRM_DELETE.parse({ error: 'confirm_required', message: '该章节已有内容（12字），确认删除吗？', chars: 12 }).chars).toBe(12);
  });

  it('accepts a 催办 with ISO times and refuses one with epoch milliseconds', () => {
    const reminded = { sectionId: 's2', remindedAt: '2026-12-06T06:05:00.000Z', nextAt: '2026-12-06T07:05:00.000Z', notified: 2 };
    expect(REMIND_RESULT.parse(reminded)).toEqual(reminded);
    expect(REMIND_RESULT.safeParse({ ...reminded, remindedAt: 1796537100000 }).success).toBe(false);
  });
});

describe('the import preview', () => {
  it('accepts the preview the server sends', () => {
    expect(IMPORT_PREVIEW.parse(preview)).toEqual(preview);
  });

  it('refuses a block of an unknown type, a missing digest, or a removed line marked not merged', () => {
    const badBlock = { ...preview, sections: [{ ...preview.sections[0], blocks: [{ type: 'image', src: 'x.png' }] }] };
    expect(IMPORT_PREVIEW.safeParse(badBlock).success).toBe(false);
    const { sourceSha256: _sha, ...undigested } = preview;
    expect(IMPORT_PREVIEW.safeParse(undigested).success).toBe(false);
    expect(IMPORT_PREVIEW.safeParse({ ...preview, removed: [{ ...preview.removed[0], merged: false }] }).success).toBe(false);
  });
});
