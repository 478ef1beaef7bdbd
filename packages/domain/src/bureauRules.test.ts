import { describe, expect, it } from 'vitest';
import { BUREAU_RULES, proposeBureau } from './bureauRules.js';

const DEMO = ['办公室', '卫健局', '发改局', '农业农村局', '民政局', '组织部', '住建局', '文旅局'].map((name, i) => ({ id: `b${i}`, name }));
const name = (title: string, bureaus = DEMO) => proposeBureau(title, bureaus)?.name ?? null;

describe('proposeBureau', () => {
  it('assigns the demo report’s sections as the demo always has (first matching rule wins)', () => {
    expect(name('构建上下贯通的组织体系，疫情防控工作取得阶段性成效')).toBe('卫健局');
    expect(name('深入实施“党建领航”工程，为高质量发展提供坚强保证')).toBe('组织部');
    expect(name('乡村振兴深入推进，城乡统筹发展初显成效')).toBe('农业农村局');
    expect(name('全力稳增长促转型，经济高质量发展取得新进展')).toBe('发改局');
    expect(name('重点打造智慧宜居城区，城市建管水平不断提升')).toBe('住建局');
    expect(name('全面发展文旅事业，城区魅力不断彰显')).toBe('文旅局');
    expect(name('持续发力民生工程，推动幸福指数新提升')).toBe('民政局');
    // 经济 comes before 健康 in the rules.
    expect(name('坚持稳中求进，全力促进经济平稳健康发展')).toBe('发改局');
    expect(name('存在问题和不足')).toBeNull();
  });

  it('matches bureaus by their other names and with a place before them, not by a longer name', () => {
    expect(name('做好常态化疫情防控工作', [{ id: 'x', name: '卫生健康局' }])).toBe('卫生健康局');
    expect(name('做好常态化疫情防控工作', [{ id: 'x', name: '示例区卫健局' }])).toBe('示例区卫健局');
    expect(name('做好常态化疫情防控工作', [{ id: 'x', name: '卫健局办公室' }])).toBeNull();
    expect(name('做好常态化疫情防控工作', [{ id: 'x', name: '市场卫健局' }])).toBeNull();
  });

  it('skips a rule whose bureau the workspace lacks and tries the next', () => {
    // 城市 → 住建局 first; without one, 经济 → 发改局.
    expect(name('城市经济发展', DEMO)).toBe('住建局');
    expect(name('城市经济发展', DEMO.filter((b) => b.name !== '住建局'))).toBe('发改局');
    expect(name('推进教育优质均衡发展', [{ id: 'e', name: '教育局' }])).toBe('教育局');
    expect(name('推进教育优质均衡发展', DEMO)).toBeNull();
  });

  it('has a name for every rule and no rule that can never match', () => {
    for (const rule of BUREAU_RULES) {
      expect(rule.names.length).toBeGreaterThan(0);
      expect(rule.pattern.test('')).toBe(false);
    }
  });
});
