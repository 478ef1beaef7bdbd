import { unzipSync, strFromU8 } from 'fflate';
import { describe, expect, it } from 'vitest';
import type { PMJSON } from '@hegao/schema';
import { BODY_CHARACTER_SPACING, LINE_PITCH, PAGE } from './gongwenLayout.js';
import { versionDocx } from './versionDocx.js';

const p = (text: string): PMJSON => ({ type: 'paragraph', content: [{ type: 'text', text }] });
const CONTENT: PMJSON = {
  type: 'doc',
  content: [
    { type: 'heading', attrs: { level: 1 }, content: [{ type: 'text', text: '一、上半年工作完成情况' }] },
    { type: 'heading', attrs: { level: 2 }, content: [{ type: 'text', text: '（一）经济运行稳中有进' }] },
    { type: 'paragraph', content: [{ type: 'text', text: '全区生产总值', marks: [{ type: 'strong' }] }, { type: 'text', text: '增长6.5%。' }] },
    { type: 'bullet_list', content: [{ type: 'list_item', content: [p('列表中的一段。')] }] },
    { type: 'table', content: [{ type: 'table_row', content: [{ type: 'table_cell', content: [p('指标')] }, { type: 'table_cell', content: [p('数值')] }] }] },
  ],
};

async function parts(meta: Parameters<typeof versionDocx>[1]) {
  const files = unzipSync(await versionDocx(CONTENT, meta));
  const text = (name: string) => strFromU8(files[name]!);
  return { files, text };
}

describe('versionDocx', () => {
  it('lays the version out as a 公文: A4, the margins, 22 lines, fonts by level, page numbers on both sides', async () => {
    const { files, text } = await parts({ title: '示例区2020年上半年工作总结及下半年工作计划', version: 2, sha256: 'ab'.repeat(32), author: '李文静' });
    const doc = text('word/document.xml');
    expect(doc).toContain(`w:w="${PAGE.width}"`);
    expect(doc).toContain(`w:h="${PAGE.height}"`);
    for (const [side, value] of Object.entries({ top: PAGE.top, bottom: PAGE.bottom, left: PAGE.left, right: PAGE.right })) expect(doc, side).toContain(`w:${side}="${value}"`);
    // A line grid of 28.95 pt; 28 characters a line by condensing each by a quarter point.
    expect(doc).toMatch(new RegExp(`<w:docGrid w:type="lines" w:linePitch="${LINE_PITCH}"/>`));
    expect(doc).toContain(`<w:spacing w:val="${BODY_CHARACTER_SPACING}"/>`);
    expect(doc).toContain('<w:lang w:val="zh-CN" w:eastAsia="zh-CN"/>');
    // Normal: 仿宋 3号 on the exact line, no punctuation hanging in LibreOffice; the title style off the grid.
    const styles = text('word/styles.xml');
    const style = (id: string) => /<w:style [^>]*w:styleId="([^"]+)"[^]*?<\/w:style>/g[Symbol.match](styles)!.find((x) => x.includes(`w:styleId="${id}"`))!;
    expect(style('Normal')).toContain('<w:overflowPunct w:val="1"/>');
    expect(style('Normal')).toContain(`w:line="${LINE_PITCH}" w:lineRule="exact"`);
    expect(style('Normal')).toContain('<w:sz w:val="32"/>');
    expect(style('GongwenTitle')).toContain('<w:snapToGrid w:val="0"/>');
    expect(style('GongwenTitle')).toContain('w:eastAsia="方正小标宋简体"');
    expect(doc).toContain('<w:pStyle w:val="GongwenTitle"/>');
    // The title on two lines in 方正小标宋简体 2号, centred; the text in order.
    expect(doc).toMatch(/方正小标宋简体/);
    expect(doc.indexOf('示例区2020年上半年工作总结及')).toBeLessThan(doc.indexOf('下半年工作计划'));
    const order = ['一、上半年工作完成情况', '（一）经济运行稳中有进', '全区生产总值', '列表中的一段。', '指标', '数值'].map((t) => doc.indexOf(t));
    expect(order.every((i) => i > 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    // 一、 in 黑体, （一） in 楷体, body in 仿宋 with the East-Asian font named as such, bold kept.
    const runOf = (t: string) => doc.slice(doc.lastIndexOf('<w:r>', doc.indexOf(t)), doc.indexOf(t));
    expect(runOf('一、上半年工作完成情况')).toContain('w:eastAsia="黑体"');
    expect(runOf('（一）经济运行稳中有进')).toContain('w:eastAsia="楷体_GB2312"');
    expect(runOf('增长6.5%。')).toContain('w:eastAsia="仿宋_GB2312"');
    expect(runOf('全区生产总值')).toContain('<w:b/>');
    // Headings keep with the text after them; body paragraphs do not.
    const paragraphOf = (t: string) => doc.slice(doc.lastIndexOf('<w:p>', doc.indexOf(t)), doc.indexOf(t));
    expect(paragraphOf('一、上半年工作完成情况')).toContain('<w:keepNext/>');
    expect(paragraphOf('（一）经济运行稳中有进')).toContain('<w:keepNext/>');
    expect(paragraphOf('全区生产总值')).not.toContain('<w:keepNext/>');
    // Two-character first-line indent, in twips and in characters.
    expect(doc).toContain('w:firstLine="640"');
    expect(doc).toContain('w:firstLineChars="200"');
    expect(doc).toContain('<w:tbl>');
    // Page numbers: odd pages right, even pages left, — N — in 宋体.
    const settings = text('word/settings.xml');
    expect(settings).toContain('w:evenAndOddHeaders');
    const footers = Object.keys(files).filter((n) => /^word\/footer\d+\.xml$/.test(n)).map(text);
    expect(footers).toHaveLength(2);
    for (const f of footers) {
      expect(f).toContain('PAGE');
      expect(f).toContain('— ');
      expect(f).toContain('w:eastAsia="宋体"');
    }
    expect(footers.map((f) => /w:jc w:val="(right|left)"/.exec(f)?.[1]).sort()).toEqual(['left', 'right']);
    // The version and its SHA-256 are properties, not text.
    const custom = text('docProps/custom.xml');
    expect(custom).toContain('hegao.version');
    expect(custom).toContain('ab'.repeat(32));
    expect(doc).not.toContain('ab'.repeat(32));
  });

  it('the final draft is marked as draft; an optional 落款 closes the text', async () => {
    const { text } = await parts({ title: '工作要点', version: null, sha256: null, author: '李文静', signature: { office: '示例区人民政府办公室', date: '2026年12月6日' } });
    expect(text('docProps/custom.xml')).toContain('draft');
    expect(text('docProps/core.xml')).toContain('合稿（未定稿）');
    const doc = text('word/document.xml');
    expect(doc.indexOf('示例区人民政府办公室')).toBeGreaterThan(doc.indexOf('数值'));
    expect(doc).toContain('2026年12月6日');
  });
});
