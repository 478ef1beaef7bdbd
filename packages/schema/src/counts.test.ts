import { describe, expect, it } from 'vitest';
import { countChars, findPlaceholders } from './counts.js';

/** The matched strings only. */
const matches = (text: string): string[] => findPlaceholders(text).map((p) => p.match);

describe('countChars', () => {
  it('counts CJK ideographs and CJK punctuation one each', () => {
    expect(countChars('加强基层组织建设。')).toBe(9);
    expect(countChars('“十三五”收官之年，《X区乡村风貌提升三年行动方案》；（一）')).toBe(30);
  });

  it('counts each Latin letter, digit and symbol', () => {
    expect(countChars('2020年')).toBe(5);
    expect(countChars('X区实现地区生产总值X亿元，同比下降X%')).toBe(20);
    expect(countChars('N95医用口罩X万只')).toBe(10);
    expect(countChars('①强化用地保障，气温25℃')).toBe(13);
  });

  it('does not count whitespace, invisible characters or combining marks', () => {
    expect(countChars('　　一、上半年工作完成情况\r\n')).toBe(11);
    expect(countChars('会员群：                      免费QQ群：\t')).toBe(10);
    expect(countChars('增\u00a0长\u200bX\ufeff%\u00ad')).toBe(4);
    expect(countChars('葛\u{e0100}')).toBe(1); // ideographic variation selector
    expect(countChars('')).toBe(0);
  });

  it('counts a supplementary-plane ideograph once', () => {
    expect('𠀀𪚥'.length).toBe(4);
    expect(countChars('𠀀𪚥')).toBe(2);
  });

  it('equals the non-whitespace length of a plain seed paragraph', () => {
    const line =
      '上半年预计X区实现地区生产总值X亿元，同比下降X%，降幅比一季度收窄X个百分点。其中，第一产业增加值X亿元，同比增长X%。';
    expect(countChars(line)).toBe(line.replace(/\s/g, '').length);
  });
});

describe('findPlaceholders', () => {
  it('finds number slots with their positions', () => {
    const text = '1-5月份，完成一般公共预算收入X亿，增长X%；固定资产投资X亿元；';
    expect(findPlaceholders(text)).toEqual([
      { index: text.indexOf('X亿，'), length: 1, match: 'X' },
      { index: text.indexOf('X%'), length: 1, match: 'X' },
      { index: text.indexOf('X亿元'), length: 1, match: 'X' },
    ]);
  });

  it('finds the seeds’ data placeholders', () => {
    expect(matches('地区生产总值预计完成X亿元，同比增长X%；公共财政预算收入完成X亿元，同比增长X%；')).toHaveLength(4);
    expect(matches('在区委X届X次全会第X次全体会议上的讲话')).toEqual(['X', 'X', 'X']);
    expect(matches('布区级“最多跑一次”事项X项，公布率均达到X％，将企业登记办理时间压缩至X分钟以内。')).toHaveLength(3);
    expect(matches('建成投用胶济铁路XXX站、济南绕城高速二环线东环段等工程')).toEqual(['XXX']);
    expect(matches('测温枪、负压车等产业链，XX等企业，供省市调拨N95医用口罩X万只、KN95口罩X万只')).toEqual([
      'XX',
      'X',
      'X',
    ]);
    expect(matches('对X大片区违章建筑进行了X次集中拆除，累计拆除X余处、X万平方米')).toHaveLength(4);
    expect(matches('实现市区“X分钟基本医疗卫生服务圈”全覆盖')).toEqual(['X']);
  });

  it('keeps decimals, digits and full-width X in one slot', () => {
    expect(matches('城镇登记失业率控制在X.X%以内')).toEqual(['X.X']);
    expect(matches('增长X．X%，《20XX年工作要点》')).toEqual(['X．X', '20XX']);
    expect(matches('安排财政资金Ｘ万元，ＸＸ个项目')).toEqual(['Ｘ', 'ＸＸ']);
    expect(matches('度规划（X-X年）》')).toEqual(['X', 'X']);
    expect(matches('同比增长X.')).toEqual(['X']);
  });

  it('treats an X run before 区/市/县/乡/镇/村 as an anonymized place name', () => {
    expect(matches('上半年预计X区实现地区生产总值X亿元，同比下降X%，降幅比一季度收窄X个百分点。')).toEqual([
      'X',
      'X',
      'X',
    ]);
    expect(matches('今年以来，XXX区紧扣建设“XX”现代化国际大都市、打造“五个XX”目标')).toEqual(['XX', 'XX']);
    expect(matches('今年以来，XX市坚持以习近平新时代中国特色社会主义思想为指导')).toEqual([]);
    expect(matches('继续做好对X县X乡X个村的扶贫')).toEqual(['X']);
    expect(matches('加快建设X镇X村X原材料生产基地')).toEqual(['X']);
    expect(matches('制定并实施了《X市X区义务教育优质均衡年度规划（X-X年）》，X小学与X小学结成')).toEqual([
      'X',
      'X',
      'X',
      'X',
    ]);
    expect(matches('中央预算拨付率均在X市县区中排名第一；努力创造新时代X区振兴发展新业绩')).toEqual([]);
    expect(matches('X街道X个社区')).toEqual(['X']);
    // A digit makes it a number again.
    expect(matches('覆盖1X区')).toEqual(['1X']);
  });

  it('ignores X in Latin words, lower-case x and the X-ray terms', () => {
    expect(matches('统一采购XXL号防护服，用Excel汇总，MAX值，Xbox')).toEqual([]);
    expect(matches('全力以赴打赢扫H除E攻坚战，3x4米')).toEqual([]);
    expect(matches('开展胸部X光检查，购置DR X线机，X射线防护')).toEqual([]);
    expect(matches('购置ＸＬ型设备')).toEqual([]);
    expect(matches('2020年以来，在市委、市政府的正确领导下')).toEqual([]);
  });

  it('treats ×× as a placeholder but not as a multiplication sign', () => {
    expect(matches('×××同志，××局')).toEqual(['×××', '××']);
    expect(matches('建设3×4米展板，10 × 20米，X×X平方米')).toEqual(['X', 'X']);
    expect(matches('××市')).toEqual([]);
  });

  it('finds nothing in empty text', () => {
    expect(findPlaceholders('')).toEqual([]);
  });
});
