import { describe, expect, it } from 'vitest';
import { isAdLine, stripJunk } from './junk.js';

describe('isAdLine', () => {
  it.each(['会员群：  免费QQ群：', '现在订阅立享前3年的所有权益和资料', '仅供学习 禁止外传', '【打击倒卖活动】', '更多范文请关注公众号'])(
    '%s is an ad',
    (line) => expect(isAdLine(line)).toBe(true),
  );

  it('does not take 规范文化 or 示范文明 for 范文', () => {
    expect(isAdLine('规范文化市场，坚持开展“扫黄打非”。')).toBe(false);
    expect(isAdLine('创建全国示范文明城市')).toBe(false);
    expect(isAdLine('精选范文大全')).toBe(true);
  });

  it('keeps long body text that mentions 公众号 or 关注, and headings', () => {
    expect(isAdLine(`利用微信公众号，发布信息X条，${'强化宣传引导，'.repeat(8)}`)).toBe(false);
    expect(isAdLine('（三）做好会员服务工作')).toBe(false);
    expect(isAdLine('同志们：')).toBe(false);
  });
});

describe('stripJunk', () => {
  it('drops everything above the title and ad lines below it, normalising and skipping blank lines', () => {
    const { kept, junk } = stripJunk([
      '仅供学习 禁止外传',
      '酷乐文行',
      '',
      '区2020年工作要点\r',
      '\u3000\u3000今年是“十三五”规划收官之年。'.padEnd(80, '。'),
      '一、紧扣目标任务',
      '加入会员群，获取更多资料',
      '',
    ]);
    expect(junk).toEqual(['仅供学习 禁止外传', '酷乐文行', '加入会员群，获取更多资料']);
    expect(kept[0]).toBe('区2020年工作要点');
    expect(kept[1]).toMatch(/^今年是/);
    expect(kept[2]).toBe('一、紧扣目标任务');
    expect(kept).toHaveLength(3);
  });

  it('without a recognisable title, drops the header up to its last ad line', () => {
    const { kept, junk } = stripJunk(['酷乐文行', '免费QQ群：123', '今年以来，'.repeat(20), '一、第一部分']);
    expect(junk).toEqual(['酷乐文行', '免费QQ群：123']);
    expect(kept).toHaveLength(2);
  });

  it('keeps a title-less document without ads whole', () => {
    const { kept, junk } = stripJunk(['一、第一部分', '正文。', '二、第二部分']);
    expect(junk).toEqual([]);
    expect(kept).toEqual(['一、第一部分', '正文。', '二、第二部分']);
  });

  it('takes a short keyword-less line as the title when the header has no ads', () => {
    const { kept, junk } = stripJunk(['XX区卫健局2020年工作', '', '一、疫情防控']);
    expect(junk).toEqual([]);
    expect(kept[0]).toBe('XX区卫健局2020年工作');
  });
});
