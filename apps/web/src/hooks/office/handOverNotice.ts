import type { AddedSection } from '../../api/officeApi';

/** Joins Chinese list items: 甲、乙和丙. */
function joinParts(parts: readonly string[]): string {
  return parts.length <= 1 ? (parts[0] ?? '') : `${parts.slice(0, -1).join('、')}和${parts.at(-1)}`;
}

/**
 * What the outline editor tells the secretary after adding a sub-section, or null when there is
 * nothing to say: under a leaf that held writing, what moved to the new sub-section (the leaf is
 * now a heading); under a heading, the bureaus the new one took from its siblings.
 *
 * @example handOverNotice({ …, handOver: { fromTitle: '乡村振兴', bureauIds: ['b'], dueDate: '2026-07-01', instruction: '不超过800字', text: true, … } })
 * // '原章节“乡村振兴”的承办部门、截止日期、写作要求和正文已转给新的子章节，“乡村振兴”现为标题，不再单独撰写。'
 */
export function handOverNotice(added: Pick<AddedSection, 'handOver' | 'inherited'>, bureauName: (id: string) => string = () => ''): string | null {
  const moved = added.handOver;
  if (moved) {
    const parts = [
      moved.bureauIds.length > 0 ? '承办部门' : '',
      moved.dueDate ? '截止日期' : '',
      moved.instruction.trim() ? '写作要求' : '',
      moved.text ? '正文' : '',
      moved.comments > 0 ? '批注' : '',
    ].filter(Boolean);
    const what = parts.length > 0 ? joinParts(parts) : '编写状态';
    return `原章节“${moved.fromTitle}”的${what}已转给新的子章节，“${moved.fromTitle}”现为标题，不再单独撰写。`;
  }
  const inherited = added.inherited;
  if (inherited && inherited.bureauIds.length > 0) {
    const names = inherited.bureauIds.map(bureauName).filter(Boolean);
    const who = names.length > 0 ? `（${names.join('、')}）` : '';
    return `新的子章节沿用同级章节的承办部门${who}${inherited.dueDate ? '和截止日期' : ''}，如需调整请修改分配。`;
  }
  return null;
}
