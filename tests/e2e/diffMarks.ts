/** Reading a rendered diff (修改记录, 对比) as the user sees it: marks, their text and colours. */
import type { Locator, Page } from 'playwright-core';

/** The text of each insert and delete of a diff, the colour (as computed) it is drawn in, and its title. */
export function diffMarks(diff: Locator): Promise<{ kind: string; text: string; color: string; title: string }[]> {
  return diff.evaluate((el) =>
    [...el.querySelectorAll<HTMLElement>('ins, del')].map((m) => ({
      kind: m.tagName.toLowerCase(),
      text: m.textContent ?? '',
      color: m.tagName === 'DEL' ? getComputedStyle(m).color : getComputedStyle(m).textDecorationColor,
      title: m.title,
    })),
  );
}

/** A CSS colour as the browser computes it. */
export function computed(page: Page, color: string): Promise<string> {
  return page.evaluate((c) => {
    const probe = document.body.appendChild(document.createElement('span'));
    probe.style.color = c;
    const out = getComputedStyle(probe).color;
    probe.remove();
    return out;
  }, color);
}
