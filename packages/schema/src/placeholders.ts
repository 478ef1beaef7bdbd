// Masks in report text: number placeholders (同比增长X%, 20XX年, 达  亿元) told apart from masked names (X区, X古镇, 海雅X缤纷城).

/** A mask found in text; `index` and `length` are in UTF-16 units (JS string indices). */
export interface Placeholder {
  index: number;
  length: number;
  match: string;
}

/**
 * What a mask stands for: `number` — a figure still to be written (X亿元, 增长X%, 第X, 20XX年, X.X);
 * `name` — a masked proper name or term (X区, X古镇, X集团, XX经济带, “X”), which is not missing data.
 */
export type MaskKind = 'number' | 'name';

/** A mask with what it stands for. */
export interface Mask extends Placeholder {
  kind: MaskKind;
}

/**
 * Candidate masks, in one pass: runs of X/Ｘ mixed with digits and inner decimal points ("X", "XX",
 * "X.X", "20XX"; pure digit runs are skipped), runs of ×, runs of two or more * or ＊, and runs of spaces
 * (a blank left for a figure, as in 资金达  亿元).
 */
const CANDIDATE = /[XＸxｘ0-9０-９]+(?:[.．][XＸxｘ0-9０-９]+)*|×+|[*＊]{2,}|[ \u00a0\u3000]+/g;
const HAS_X = /[XＸxｘ]/;
const HAS_LOWER_X = /[xｘ]/;
/**
 * The shapes a lower-case run may take to be a mask: x's alone (xx亿元), a decimal (x.x%), or a year
 * (202x年, 20xx年). Anything else with digits is a product or a code: 3x4, 1920x1080, x86.
 */
const LOWER_SHAPE = /^(?:[xｘ]+|[xｘ]+[.．][xｘ]+|[0-9０-９]+[xｘ]+)$/;
const LOWER_YEAR = /^[0-9０-９]+[xｘ]+$/;
/** An upper-case Latin acronym ending right before an X run: GDPXX 亿元. */
const ACRONYM_BEFORE = /[A-Z]{2,}$/;
const HAS_DIGIT_OR_POINT = /[0-9０-９.．]/;
/** Latin letters, ASCII and full-width: an X touching one is part of a word or code (XXL, MAX, Xbox). */
const LATIN = /[A-Za-zＡ-Ｚａ-ｚ]/;
/** Digits and X, ASCII and full-width: neighbours that make × a multiplication sign (3×4). */
const NUMERIC = /[0-9０-９XＸ]/;
/** A Han ideograph: what must stand before a blank for it to be a left-out figure. */
const HAN = /\p{Script=Han}/u;

/** Established terms written with a single Latin X: X光, X射线, X线. */
const X_TERM = /光|射线|线|射線|線/y;

/**
 * What follows a number: the units and measure words of report figures (X亿元, X%, X个, X家, X人次,
 * X万亩, X余处, X多名, X月底, X年, X届X次, X个百分点 …). The lookaheads keep words that merely start
 * with such a character as the name they are: X人工智能谷, X万象, X家园, X项目, X批发市场, X名城,
 * X人员, X期间, X位于 …
 */
const NUMBER_AFTER = new RegExp(
  [
    '[%％‰℃]',
    '[亿億]',
    '千(?!佛)',
    '[万萬](?!象|达|科|寿|福|隆|達|壽)',
    '百(?!货|姓|合)',
    '元(?!宵|素|旦)',
    '[个個]',
    '人(?!工|民|员|大|寿|和|家|社)',
    '名(?!片|城|品|优|牌|单|称|义|胜)',
    '家(?!园|居|具|电|纺)',
    '[户戶](?!籍|外|型)',
    '[项項](?!目)',
    '件',
    '次',
    '起(?!步)',
    '[条條](?!例)',
    '[处處](?!理)',
    '[台臺](?!湾|区|灣)',
    '[辆架艘栋幢间套张份篇册只株棵匹块吨亩倍秒岁类例宗笔款层余斤輛棟間張隻塊噸畝歲類筆層餘]',
    '[场場](?!馆|所|站|館)',
    '期(?!间|刊)',
    '[届轮屆輪]',
    '批(?!发)',
    '所(?!属|有)',
    '座',
    '支(?!行|队|部)',
    '头(?!部|条)',
    '公[里斤顷]',
    '米',
    '平方',
    '立方',
    '[微毫千]克',
    '升(?!级)',
    '度(?!假)',
    '小时',
    '分钟',
    '天(?!然|地|津|下)',
    '日(?!报)',
    '周(?!边)',
    '年(?!轻)',
    '月(?!亮)',
    '季度',
    '位(?!于|置)',
    '种(?!植|业|子)',
    '多(?!彩|元)',
    '号',
  ].join('|'),
  'y',
);
/** One space that may stand between a mask and its unit: XX %, X 万人. */
const SPACE = /[ \u00a0\u3000]/;

/** A range or product of two slots (X-X年, X～X, X至X, X×X平方米): the first is a number too. */
const LINK_AFTER = /[-－—–~～至×*][XＸ0-9０-９]/y;

/** Characters right before a mask that make it an ordinal or a rank in any case: 第X, 前X强. */
const ORDINAL_BEFORE = /[第前]/;

/**
 * The last character of a word that asks for a quantity (为, 达, 达到, 超过, 增长, 下降, 收窄, 突破, 共,
 * 计, 约, 占 …) or names one (增速, 完成率, 增幅, 产值, 总额): with a mask that ends its clause (增长X，,
 * 增速xx、, 指数为  ，, 排名第  ；) the mask is a number.
 */
const QUANTITY_BEFORE = /[为达到至是约近超逾共计占长降增加少高低窄大破过速率幅值额為達約計佔長]/;
/** What may end a clause after a mask: punctuation (not a closing quote, which makes a quoted term), a space, or the end. */
const CLAUSE_END = /[，。；、：,.;:！？!?）)\s]/;

/**
 * Words that start a name (place, organisation, building, area): the only context in which a run of
 * asterisks (**公司) is taken for a masked name rather than markup.
 */
const NAME_SUFFIX =
  /[省市区县州盟旗镇乡村局委办厅处科所院校厂站园馆场庙寺路街巷城河湖山江港區縣鎮鄉廠館]|街道|社区|公司|集团|大厦|大学|小学|中学|医院|广场|公园|基地|中心|银行|开发区|同志/y;

/** Runs of spaces that are a blank left for a figure: followed by a unit (达  亿元, 的  万元, 超载   起, 浓度 微克). */
const BLANK_UNIT =
  /[%％‰亿元起天次倍户亩项件家]|万(?!众|物|象|一)|个(?!人|体|性|别)|人次|人[，。；、]|名(?![单称义片城])|余[辆人家处名次个户项件万亿]|多[名人家个次]|[微毫]克|平方|立方|公[里斤顷]|吨|小时|分钟/y;

/** Words before a unit that is a caption, not a blank left for a figure: 单位 万元, 计量单位 亿元. */
const UNIT_CAPTION = /单位$/;

function stickyAt(pattern: RegExp, text: string, at: number): boolean {
  pattern.lastIndex = at;
  return pattern.test(text);
}

/** Whether the text at `end` (right after a mask) reads as a number's unit or measure word. */
function unitAfter(text: string, end: number): boolean {
  if (stickyAt(NUMBER_AFTER, text, end)) return true;
  return SPACE.test(text[end] ?? '') && stickyAt(NUMBER_AFTER, text, end + 1);
}

/** Whether the mask at `index..end` ends its clause after a word that asks for a quantity. */
function quantityClause(text: string, index: number, end: number): boolean {
  const next = text[end];
  if (next !== undefined && !CLAUSE_END.test(next)) return false;
  const prev = text[index - 1];
  return prev !== undefined && QUANTITY_BEFORE.test(prev);
}

/** The kind of an X or × run (`match` at `index`), or null when it is no mask (XXL, X光). */
function classifyX(text: string, index: number, match: string): MaskKind | null {
  const end = index + match.length;
  const prev = text[index - 1] ?? '';
  const next = text[end] ?? '';
  if (match[0] === '×') {
    // × next to a digit or X (optionally across one space) is a multiplication sign: 3×4, 10 × 20, X×X.
    const prevNear = prev === ' ' ? (text[index - 2] ?? '') : prev;
    const nextNear = next === ' ' ? (text[end + 1] ?? '') : next;
    if (NUMERIC.test(prevNear) || NUMERIC.test(nextNear)) return null;
  } else {
    if (LATIN.test(next)) return null;
    // An X run right after a Latin letter is the end of a word (MAX), unless it follows an acronym and a unit follows it (GDPXX 亿元).
    if (LATIN.test(prev) && !(match.length >= 2 && ACRONYM_BEFORE.test(text.slice(Math.max(0, index - 8), index)) && unitAfter(text, end))) return null;
    if (match.length === 1 && stickyAt(X_TERM, text, end)) return null;
    if (HAS_LOWER_X.test(match)) return classifyLower(text, index, match);
    // Digits or a decimal point fused to the X run (20XX, X.X, 1X): a figure.
    if (HAS_DIGIT_OR_POINT.test(match)) return 'number';
    if (stickyAt(LINK_AFTER, text, end)) return 'number';
  }
  if (unitAfter(text, end)) return 'number';
  if (ORDINAL_BEFORE.test(prev)) return 'number';
  if (quantityClause(text, index, end)) return 'number';
  return 'name';
}

/**
 * The kind of a lower-case run (xx亿元, x.x%, 202x年), which is also a letter in formulas and codes (x轴, 3x4):
 * a figure only by its shape and a unit, an ordinal or a quantity clause; a name only before a name word
 * (xx镇, xx市); anything else is left alone.
 */
function classifyLower(text: string, index: number, match: string): MaskKind | null {
  if (!LOWER_SHAPE.test(match)) return null;
  const end = index + match.length;
  if (LOWER_YEAR.test(match)) return text[end] === '年' ? 'number' : null;
  if (HAS_DIGIT_OR_POINT.test(match)) return 'number';
  if (unitAfter(text, end) || ORDINAL_BEFORE.test(text[index - 1] ?? '') || quantityClause(text, index, end)) return 'number';
  if (stickyAt(NAME_SUFFIX, text, end)) return 'name';
  return null;
}

/** The kind of a run of asterisks (**, ＊＊): a figure by its unit, a name before a name word, else markup (null). */
function classifyStars(text: string, index: number, match: string): MaskKind | null {
  const end = index + match.length;
  if (unitAfter(text, end) || ORDINAL_BEFORE.test(text[index - 1] ?? '') || quantityClause(text, index, end)) return 'number';
  if (stickyAt(NAME_SUFFIX, text, end)) return 'name';
  return null;
}

/** Whether a run of spaces is a blank left for a figure: after a Han character, before a unit or ending a 为/第/达 clause. */
function isBlank(text: string, index: number, match: string): boolean {
  const prev = text[index - 1];
  if (prev === undefined || !(HAN.test(prev) || prev === '第')) return false;
  // A table caption's unit (单位 万元) is no blank.
  if (UNIT_CAPTION.test(text.slice(Math.max(0, index - 2), index))) return false;
  const end = index + match.length;
  if (stickyAt(BLANK_UNIT, text, end)) return true;
  const next = text[end];
  return next !== undefined && /[，。；、：]/.test(next) && (ORDINAL_BEFORE.test(prev) || QUANTITY_BEFORE.test(prev));
}

/**
 * Finds the masks of `text` and tells what each stands for, in one linear pass (each candidate looks at
 * a few characters around it).
 *
 * A mask is a run of X/Ｘ (with digits or a decimal point fused to it: 20XX, X.X), a run of ×, a run of
 * two or more * or ＊, or a blank of spaces left for a figure. It is a `number` when
 * - digits or a decimal point are fused to it (20XX年, X.X%, 1X), or it is the first of a range or
 *   product (X-X年, X×X平方米);
 * - a unit or measure word follows (X亿元, X%, X个百分点, X家, X人次, X万亩, X余处, X月底, 区委X届X次,
 *   X年) — unless that character starts a name word (X人工智能谷, X万象, X家园, X项目, X批发市场);
 * - it is an ordinal or rank (第X, 前X强);
 * - it ends its clause after a word that asks for a quantity (增长X，, 指数为 ，).
 * Any other X or × run is a masked `name` (X区, X县X乡, X古镇, X集团, 海雅X缤纷城, XX经济带, 自X等重点
 * 地区, “X”, ×××同志). Asterisks count as a name only before a name word (**公司), blanks never.
 * Lower-case x (xx亿元, x.x%, 202x年, xx镇 — common in circulating templates) is read more strictly, as x is
 * also a letter: see `classifyLower`. One space may stand between a mask and its unit (XX %), traditional
 * units count (x億元, x萬畝), and XX right after an acronym counts before a unit (GDPXX 亿元).
 *
 * Not masks at all: X touching a Latin letter (XXL, MAX, Xbox), x in formulas and codes (x轴, 3x4, x86), X光/X射线/X线,
 * × between digits or X (3×4, 10 × 20), asterisks of markup (**重点**), spaces that are layout.
 *
 * Measured on the hand-labelled seeds (placeholderLabels.json, placeholderPrecision.test.ts): see there.
 */
export function findMasks(text: string): Mask[] {
  const found: Mask[] = [];
  for (const m of text.matchAll(CANDIDATE)) {
    const match = m[0];
    const index = m.index;
    const first = match[0]!;
    let kind: MaskKind | null;
    if (first === '×') kind = classifyX(text, index, match);
    else if (first === '*' || first === '＊') kind = classifyStars(text, index, match);
    else if (first === ' ' || first === '\u00a0' || first === '\u3000') kind = isBlank(text, index, match) ? 'number' : null;
    else kind = HAS_X.test(match) ? classifyX(text, index, match) : null;
    if (kind) found.push({ index, length: match.length, match, kind });
  }
  return found;
}

/** Strips the kind off a mask. */
function plain(mask: Mask): Placeholder {
  return { index: mask.index, length: mask.length, match: mask.match };
}

/**
 * Finds unfilled data placeholders: the spots where a number still has to be written (同比增长X%,
 * 实现地区生产总值XX亿元, 增长X.X%, 第X, 20XX年, 资金达  亿元) — the `number` masks of {@link findMasks}.
 * A match is only the number slot — the X run with any digits and decimal point fused to it — never the
 * unit after it. Masked names (X区, X古镇) are not placeholders: see {@link findMaskedNames}.
 */
export function findPlaceholders(text: string): Placeholder[] {
  return findMasks(text)
    .filter((mask) => mask.kind === 'number')
    .map(plain);
}

/** Finds masked names (X区, X古镇, X集团, 海雅X缤纷城, XX经济带, “X”): the `name` masks of {@link findMasks}, to be confirmed, not filled. */
export function findMaskedNames(text: string): Placeholder[] {
  return findMasks(text)
    .filter((mask) => mask.kind === 'name')
    .map(plain);
}
