// @vitest-environment happy-dom
import { act, createElement } from 'react';
import { describe, expect, it } from 'vitest';
import type { VersionComparison } from '../../api/finalApi';
import { setupTestRoot } from '../../testRoot';
import { VersionDiff } from './VersionDiff';

const { render } = setupTestRoot();

const li = { id: 'u1', username: 'bgs', name: '李文静', color: 'rgb(20, 90, 160)' };
const at = new Date(2026, 11, 3, 14, 5).toISOString();
const comparison: VersionComparison = {
  from: { version: 1, lockedAt: at },
  to: { version: 2, lockedAt: at },
  parts: [
    { kind: 'equal', text: `${'甲'.repeat(200)}\n前文。` },
    { kind: 'insert', text: '\n新增一句。', user: li, bureau: { id: 'b0', name: '办公室' }, at },
    { kind: 'delete', text: '\n旧的一句。', user: li, bureau: { id: 'b0', name: '办公室' }, at },
  ],
};

describe('VersionDiff', () => {
  it('shows the summary, the legend, coloured changes with who and when, and opens a fold', () => {
    const el = render(createElement(VersionDiff, { comparison, now: new Date(2026, 11, 6) }));
    expect(el.querySelector('[data-testid="version-diff-summary"]')?.textContent).toBe('第1版 → 第2版：新增 5 字，删除 5 字');
    expect(el.querySelector('[data-testid="version-diff-legend"]')?.textContent).toBe('李文静（办公室）新增 5 字，删除 5 字');
    const ins = el.querySelector('ins')!;
    const del = el.querySelector('del')!;
    expect([ins.textContent, ins.title, ins.style.textDecorationColor]).toEqual(['新增一句。', '李文静（办公室）· 12月3日 14:05 新增', 'rgb(20, 90, 160)']);
    expect([del.textContent, del.title, del.style.color]).toEqual(['旧的一句。', '李文静（办公室）· 12月3日 14:05 删除', 'rgb(20, 90, 160)']);
    const gap = el.querySelector<HTMLButtonElement>('[data-testid="version-diff-gap"]')!;
    expect(gap.textContent).toBe('…未改动 200 字…');
    act(() => gap.click());
    expect(el.querySelector('[data-testid="version-diff-gap"]')).toBeNull();
    expect(el.querySelector('[data-testid="version-diff-text"]')?.textContent).toContain('甲'.repeat(200));
  });

  it('shows only the summary when nothing changed', () => {
    const same: VersionComparison = { from: { version: 2, lockedAt: at }, to: { version: 'final', lockedAt: null }, parts: [{ kind: 'equal', text: '甲乙丙' }] };
    const el = render(createElement(VersionDiff, { comparison: same, now: new Date(2026, 11, 6) }));
    expect(el.querySelector('[data-testid="version-diff-summary"]')?.textContent).toBe('第2版 → 当前合稿：文字没有变化');
    expect(el.querySelector('[data-testid="version-diff-text"]')).toBeNull();
    expect(el.querySelector('[data-testid="version-diff-legend"]')).toBeNull();
  });
});
