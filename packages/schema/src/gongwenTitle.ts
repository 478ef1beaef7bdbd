// Where a 公文 title breaks between lines (GB/T 9704: 词意完整，排列对称). One rule for the .docx
// export (apps/server export/versionDocx.ts) and the printed page (apps/web GongwenTitle), so a title
// breaks in the same place on paper whichever way it was printed.

/** How many characters of 2号 fit one title line of the 156 mm 版心. */
export const TITLE_CHARS_PER_LINE = 20;

/** Breaks that keep the sense whole: after a conjunction or 、，, strongly; after 的/关于/了, well. */
const AFTER_CONJUNCTION = /[和与及暨、，]$/;
const AFTER_PARTICLE = /(?:[的了]|关于)$/;
/** Words a title must not be broken inside: 工作|总结, 工作|计划 … */
const COMPOUND_HEAD = /(?:工作|发展|建设|改革)$/;
const COMPOUND_TAIL = /^(?:总结|计划|要点|报告|方案|意见|情况|规划|安排)/;

/** Word boundaries of a text by ICU's dictionary (Chinese has no spaces), as code point offsets. */
function wordBoundaries(chars: readonly string[]): Set<number> {
  const bounds = new Set<number>();
  let at = 0;
  for (const { segment } of new Intl.Segmenter('zh', { granularity: 'word' }).segment(chars.join(''))) {
    at += [...segment].length;
    bounds.add(at);
  }
  return bounds;
}

/** How good a break after `head` (before `tail`) is, `inWord` when it splits a word: lower is better. */
function breakPenalty(head: string, tail: string, inWord: boolean): number {
  if (/[0-9A-Za-z]$/.test(head) && /^[0-9A-Za-z]/.test(tail)) return 20; // inside 2020 or a name
  if (COMPOUND_HEAD.test(head) && COMPOUND_TAIL.test(tail)) return 10;
  if (inWord) return 8;
  if (AFTER_CONJUNCTION.test(head)) return -6;
  if (AFTER_PARTICLE.test(head)) return -4;
  if (/工作$/.test(head)) return -2;
  return 0;
}

/**
 * A title broken into lines of at most TITLE_CHARS_PER_LINE characters, at a sensible place
 * (GB/T 9704: 词意完整，排列对称): the lines as even as possible, a break after 和/与/及/、 or
 * 的/关于 preferred when one is near, between words (ICU's Chinese dictionary, Intl.Segmenter)
 * and not inside 工作总结 and the like, never inside a number, never leaving a single character
 * alone.
 * @example breakTitle('示例区2020年上半年工作总结及下半年工作计划') // ['示例区2020年上半年工作总结及', '下半年工作计划']
 */
export function breakTitle(title: string, perLine = TITLE_CHARS_PER_LINE): string[] {
  const chars = [...title.trim()];
  if (chars.length <= perLine) return [chars.join('')];
  const lines: string[] = [];
  let rest = chars;
  while (rest.length > perLine) {
    const count = Math.ceil(rest.length / perLine);
    const ideal = Math.ceil(rest.length / count);
    const bounds = wordBoundaries(rest);
    let best = ideal;
    let bestScore = Infinity;
    for (let cut = Math.max(2, ideal - 6); cut <= Math.min(perLine, rest.length - 2); cut++) {
      const score = Math.abs(cut - ideal) + breakPenalty(rest.slice(0, cut).join(''), rest.slice(cut).join(''), !bounds.has(cut));
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
