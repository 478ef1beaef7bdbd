// Where a 公文 title breaks in print: the rule of breakTitle in apps/server/src/export/gongwenLayout.ts
// (the .docx export), so the printed title breaks where the Word file's does. Keep the two in step.

/** Endings after which a title line breaks well (…的, …关于, …工作, …及). */
const BREAK_AFTER = /(?:[的了和与及暨、，]|关于|工作)$/;

/** How many characters of 2号 (22 pt) fit one title line of the 156 mm 版心. */
export const TITLE_CHARS_PER_LINE = 20;

/**
 * A title broken into lines of at most `perLine` characters, at a sensible place: the lines as
 * even as possible, each break after 的/和/与/及/关于/工作 when one is near, never leaving a
 * single character alone.
 * @example titleLines('示例区2020年上半年工作总结及下半年工作计划') // ['示例区2020年上半年工作', '总结及下半年工作计划']
 */
export function titleLines(title: string, perLine = TITLE_CHARS_PER_LINE): string[] {
  const chars = [...title.trim()];
  if (chars.length <= perLine) return [chars.join('')];
  const lines: string[] = [];
  let rest = chars;
  while (rest.length > perLine) {
    const count = Math.ceil(rest.length / perLine);
    const ideal = Math.ceil(rest.length / count);
    let best = ideal;
    let bestScore = Infinity;
    for (let cut = Math.max(2, ideal - 6); cut <= Math.min(perLine, rest.length - 2); cut++) {
      const head = rest.slice(0, cut).join('');
      const score = Math.abs(cut - ideal) - (BREAK_AFTER.test(head) ? 4 : 0);
      if (score < bestScore) {
        bestScore = score;
        best = cut;
      }
    }
    lines.push(rest.slice(0, best).join(''));
    rest = rest.slice(best);
  }
  lines.push(rest.join(''));
  return lines;
}
