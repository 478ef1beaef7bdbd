/**
 * Which bureau writes a section, guessed from keywords in its title: the demo seed assigns its sections
 * with these rules and an import proposes bureaus with them. Bureaus are matched by name, under the
 * names a 区 government gives them (卫健局 or 卫生健康局, …).
 */

/** One rule: a title matching `pattern` is written by the bureau called one of `names`. */
export interface BureauRule {
  pattern: RegExp;
  /** The bureau's names, the usual short one first. */
  names: readonly string[];
}

/**
 * The rules in order; the first whose pattern matches and whose bureau exists wins. The first seven
 * are the demo's (their order decides the demo report's assignments); the rest cover common bureaus
 * the demo has not.
 */
export const BUREAU_RULES: readonly BureauRule[] = [
  { pattern: /疫情/, names: ['卫健局', '卫生健康局', '卫生和健康局', '卫健委', '卫生健康委员会'] },
  { pattern: /党建|党的建设|组织体系/, names: ['组织部', '区委组织部', '党委组织部'] },
  { pattern: /乡村振兴|城乡统筹/, names: ['农业农村局', '农业农村委员会', '农业局'] },
  { pattern: /民生/, names: ['民政局'] },
  { pattern: /文旅|文化/, names: ['文旅局', '文化和旅游局', '文化旅游局', '文化广电旅游局', '文化广电和旅游局'] },
  { pattern: /城市|城区|城乡生态/, names: ['住建局', '住房和城乡建设局', '住房城乡建设局', '住建委'] },
  { pattern: /经济|稳增长|产业|项目|企业|招商|改革|营商/, names: ['发改局', '发展和改革局', '发展改革局', '发改委', '发展和改革委员会'] },
  { pattern: /教育|学校/, names: ['教育局', '教育和体育局', '教体局'] },
  { pattern: /财政|预算|税收/, names: ['财政局'] },
  { pattern: /生态环境|环境保护|污染|环保/, names: ['生态环境局', '生态环境分局', '环保局'] },
  { pattern: /安全生产|应急/, names: ['应急管理局', '应急局'] },
  { pattern: /就业|社保|社会保障/, names: ['人社局', '人力资源和社会保障局'] },
  { pattern: /医疗|卫生|健康/, names: ['卫健局', '卫生健康局', '卫生和健康局', '卫健委', '卫生健康委员会'] },
  { pattern: /农业|农村|粮食/, names: ['农业农村局', '农业农村委员会', '农业局'] },
  { pattern: /养老|救助|社会事业/, names: ['民政局'] },
  { pattern: /住房|建筑|城建/, names: ['住建局', '住房和城乡建设局', '住房城乡建设局', '住建委'] },
];

/**
 * True when a bureau called `bureauName` is the one `names` mean: the same name, or one with a place
 * in front (区卫健局, 示例区发改局).
 */
function isNamed(bureauName: string, names: readonly string[]): boolean {
  const name = bureauName.trim();
  return names.some((n) => name === n || (name.endsWith(n) && /[区市县州旗]$/.test(name.slice(0, name.length - n.length))));
}

/**
 * The bureau that writes a section titled `title`: the first rule matching the title whose bureau is
 * among `bureaus`; null when none is.
 * @example proposeBureau('常态化疫情防控', [{ id: 'b1', name: '卫健局' }]) // { id: 'b1', name: '卫健局' }
 */
export function proposeBureau<B extends { name: string }>(title: string, bureaus: readonly B[]): B | null {
  for (const rule of BUREAU_RULES) {
    if (!rule.pattern.test(title)) continue;
    const bureau = bureaus.find((b) => isNamed(b.name, rule.names));
    if (bureau) return bureau;
  }
  return null;
}
