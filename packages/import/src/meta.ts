/** What a report's title says about it: the period it covers and which template kind it resembles. */

/** A year as written in titles: 2020年, 二〇二〇年, or a placeholder such as XX年 / 20XX年. */
const YEAR = /((?:19|20)\d{2}|[二][〇○零][一二三四五六七八九〇○零]{2}|20[XＸx×]{2}|[XＸx×]{4})\s*年(?!度?\s*[底末初])/;
/** The part of a year a report covers, as titles name it. */
const PART = /(上半年|下半年|前三季度|第?[一二三四1-4]季度|1[-—至~～]\d{1,2}月|[一二三四五六七八九十]{1,2}至[一二三四五六七八九十]{1,3}月)/;

/**
 * The period a title names: 2020年上半年, 2021年, 上半年 (no year given); '' when it names none.
 * @example periodFromTitle('区2020年上半年工作总结及下半年工作计划') // '2020年上半年'
 */
export function periodFromTitle(title: string): string {
  const year = YEAR.exec(title);
  const part = PART.exec(title);
  const y = year ? `${year[1]}年` : '';
  if (part) return `${y}${part[1]}`;
  return y;
}

/**
 * The template kind a title resembles: half_year (上半年总结/下半年计划), work_points (工作要点/年度工作计划),
 * plenum_speech (a speech: 讲话/致辞/发言), else custom.
 */
export function kindFromTitle(title: string): 'half_year' | 'work_points' | 'plenum_speech' | 'custom' {
  if (/讲话|致辞|发言|讲稿|主持词/.test(title)) return 'plenum_speech';
  if (/半年/.test(title) && /总结|计划|打算|汇报|情况|回顾/.test(title)) return 'half_year';
  if (/要点/.test(title)) return 'work_points';
  if (/工作(?:计划|安排|思路)$/.test(title) && !/半年|季度|月/.test(title)) return 'work_points';
  return 'custom';
}
