import { describe, expect, it } from 'vitest';
import { findMaskedNames, findMasks, findPlaceholders } from './placeholders.js';

/** The matched strings of the number placeholders only. */
const numbers = (text: string): string[] => findPlaceholders(text).map((p) => p.match);
/** The matched strings of the masked names only. */
const names = (text: string): string[] => findMaskedNames(text).map((p) => p.match);
/** Every mask as match:kind, in order. */
const kinds = (text: string): string[] => findMasks(text).map((m) => `${m.match}:${m.kind}`);

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
    expect(numbers('地区生产总值预计完成X亿元，同比增长X%；公共财政预算收入完成X亿元，同比增长X%；')).toHaveLength(4);
    expect(numbers('在区委X届X次全会第X次全体会议上的讲话')).toEqual(['X', 'X', 'X']);
    expect(numbers('布区级“最多跑一次”事项X项，公布率均达到X％，将企业登记办理时间压缩至X分钟以内。')).toHaveLength(3);
    expect(numbers('供省市调拨N95医用口罩X万只、KN95口罩X万只')).toEqual(['X', 'X']);
    expect(numbers('对X大片区违章建筑进行了X次集中拆除，累计拆除X余处、X万平方米')).toEqual(['X', 'X', 'X']);
    expect(numbers('实现市区“X分钟基本医疗卫生服务圈”全覆盖')).toEqual(['X']);
    expect(numbers('总投资X亿元的X个旅游观摩项目正在全力推进，X月底前可全部完工')).toEqual(['X', 'X', 'X']);
    expect(numbers('降幅比一季度收窄X个百分点，力争三年内进入全国前X强')).toEqual(['X', 'X']);
    expect(numbers('下派X多名两新党建工作指导员，服务群众X余人次')).toEqual(['X', 'X']);
  });

  it('keeps decimals, digits and full-width X in one slot', () => {
    expect(numbers('城镇登记失业率控制在X.X%以内')).toEqual(['X.X']);
    expect(numbers('增长X．X%，《20XX年工作要点》')).toEqual(['X．X', '20XX']);
    expect(numbers('安排财政资金Ｘ万元，ＸＸ个项目，增长Ｘ％')).toEqual(['Ｘ', 'ＸＸ', 'Ｘ']);
    expect(numbers('度规划（X-X年）》，《X年巡察工作计划》')).toEqual(['X', 'X', 'X']);
    expect(numbers('同比增长X.')).toEqual(['X']);
    expect(numbers('覆盖1X区')).toEqual(['1X']);
  });

  it('takes a mask ending its clause after 增长/为/达 for a figure', () => {
    expect(numbers('同比增长X，增幅居首；总量达X。')).toEqual(['X', 'X']);
    expect(numbers('规工增加值增速xx、固投增速XX，完成率X；产值X。')).toEqual(['xx', 'XX', 'X', 'X']);
    expect(numbers('全方位融入X，全方位对接X，')).toEqual([]);
  });

  it('finds blanks left for a figure, but not layout spaces', () => {
    const text = '民生领域资金达\u00a0\u00a0亿元，综合指数为 ，全省排名第  ；优良天数达到  天，查处货车超载   起。';
    expect(findPlaceholders(text).map((p) => text.slice(p.index, p.index + p.length))).toEqual(['\u00a0\u00a0', ' ', '  ', '  ', '   ']);
    expect(findPlaceholders('会员群：      免费QQ群：  ')).toEqual([]);
    expect(findPlaceholders('　　一、上半年工作完成情况')).toEqual([]);
    expect(findPlaceholders('第一章 总则，第二章 组织机构')).toEqual([]);
    expect(findPlaceholders('表1 主要经济指标（单位 万元）')).toEqual([]);
  });

  it('treats ××/** before a unit as a figure but × between numbers as multiplication', () => {
    expect(numbers('完成投资××万元，增长**%，新增＊＊家')).toEqual(['××', '**', '＊＊']);
    expect(numbers('建设3×4米展板，10 × 20米，X×X平方米')).toEqual(['X', 'X']);
  });

  it('reads lower-case x masks by their shape and unit, and leaves formulas and codes alone', () => {
    expect(kinds('完成规上工业增加值xxx万元，同比增长x.x%；小麦平均亩产达xxxx斤以上；202x年共完成x万元')).toEqual([
      'xxx:number',
      'x.x:number',
      'xxxx:number',
      '202x:number',
      'x:number',
    ]);
    expect(kinds('我代表xx镇人民政府；xx开发区实现国内生产总值')).toEqual(['xx:name', 'xx:name']);
    expect(findMasks('以x轴为横坐标，3x4米，1920x1080，x86架构，x光片，x²')).toEqual([]);
  });

  it('allows one space before the unit, an acronym before XX, and traditional units', () => {
    expect(numbers('全区实现GDPXX 亿元，比增XX %，新增 X 万人')).toEqual(['XX', 'XX', 'X']);
    expect(numbers('地區生產總值x億元，同比增長x%；總播面積x萬畝，總產x萬噸')).toEqual(['x', 'x', 'x', 'x']);
    expect(findMasks('统计MAX值，XXL号，MAX 值')).toEqual([]);
  });

  it('finds nothing in empty text or text without masks', () => {
    expect(findPlaceholders('')).toEqual([]);
    expect(findPlaceholders('2020年以来，在市委、市政府的正确领导下')).toEqual([]);
  });
});

describe('findMaskedNames', () => {
  it('tells masked places from the counts next to them', () => {
    expect(kinds('上半年预计X区实现地区生产总值X亿元，同比下降X%')).toEqual(['X:name', 'X:number', 'X:number']);
    expect(kinds('继续做好对X县X乡X个村的扶贫')).toEqual(['X:name', 'X:name', 'X:number']);
    expect(kinds('加快建设X镇X村X原材料生产基地')).toEqual(['X:name', 'X:name', 'X:name']);
    expect(kinds('X街道X个社区')).toEqual(['X:name', 'X:number']);
    expect(kinds('今年以来，XXX区紧扣建设“XX”现代化国际大都市、打造“五个XX”目标')).toEqual([
      'XXX:name',
      'XX:name',
      'XX:name',
    ]);
    expect(names('今年以来，XX市坚持以习近平新时代中国特色社会主义思想为指导')).toEqual(['XX']);
  });

  it('finds the seeds’ masked names', () => {
    expect(names('打造以“工业博物馆—X古镇—X庙—X公园—X产业园—X基地”为主线')).toHaveLength(5);
    expect(names('加快海雅X缤纷城综合项目、X集团仓储物流项目、X大厦等重大项目')).toEqual(['X', 'X', 'X']);
    expect(names('打造XX经济带龙头；建立自X等重点地区来X人员台账X个')).toEqual(['XX', 'X', 'X']);
    expect(numbers('建立自X等重点地区来X人员台账X个')).toEqual(['X']);
    expect(names('打造X人工智能谷，将X万象作为楼宇党建品牌，依托X批发市场，推进X项目，X人社局、X人民医院')).toEqual([
      'X',
      'X',
      'X',
      'X',
      'X',
      'X',
    ]);
    expect(kinds('其中X占X%、X占X%')).toEqual(['X:name', 'X:number', 'X:name', 'X:number']);
    expect(kinds('×××同志，××局，**公司')).toEqual(['×××:name', '××:name', '**:name']);
  });

  it('is neither for X in Latin words, lower-case x, the X-ray terms and markup asterisks', () => {
    const text = '统一采购XXL号防护服，用Excel汇总，MAX值，Xbox，3x4米，开展胸部X光检查，购置DR X线机，X射线防护，ＸＬ型，**重点**';
    expect(findMasks(text)).toEqual([]);
  });

  it('scans long text in linear time', () => {
    const paragraph = '上半年预计X区实现地区生产总值X亿元，同比下降X%，降幅比一季度收窄X个百分点。'.repeat(2000);
    const started = performance.now();
    const masks = findMasks(paragraph);
    const took = performance.now() - started;
    expect(masks).toHaveLength(8000);
    expect(took).toBeLessThan(500);
  });
});
