import type { PreviewResult } from './preview.js';

/**
 * Checks the preview's central promise: every source line is removed (with a reason), the report title, or in
 * exactly one section (its title line or one of its body lines); levels never jump by more than one; indices are
 * in range. Returns the problems found, in Chinese-free English for developers; [] when the preview is sound.
 */
export function previewProblems(p: PreviewResult): string[] {
  const problems: string[] = [];
  const owner = new Map<number, string>();
  const claim = (i: number, who: string): void => {
    if (!Number.isInteger(i) || i < 0 || i >= p.lines.length) problems.push(`${who} points at line ${i}, out of range`);
    else if (owner.has(i)) problems.push(`line ${i} is claimed by ${owner.get(i)} and by ${who}`);
    else owner.set(i, who);
  };
  for (const r of p.removed) {
    if (!r.reason) problems.push(`removed line ${r.line} has no reason`);
    claim(r.line, `removed (${r.reason})`);
  }
  if (p.titleLine !== null && p.titleLine !== undefined) claim(p.titleLine, 'the title');
  let previousLevel = 0;
  p.sections.forEach((s, k) => {
    if (s.level < 1 || s.level > previousLevel + 1) problems.push(`section ${k} has level ${s.level} after level ${previousLevel}`);
    previousLevel = s.level;
    if (s.line !== null) claim(s.line, `section ${k}`);
    for (const b of s.bodyLines) claim(b, `section ${k} body`);
  });
  p.lines.forEach((_, i) => {
    if (!owner.has(i)) problems.push(`line ${i} is in no section and not removed`);
  });
  return problems;
}
