// @vitest-environment happy-dom
import { composeFinal } from '@hegao/schema';
import { act, createElement } from 'react';
import { describe, expect, it, vi } from 'vitest';
import type { Version } from '../../api/finalApi';
import { setupTestRoot } from '../../testRoot';
import { ChangeDiff } from './ChangeDiff';
import { LockedBanner } from './LockedBanner';
import { MergeResult, summary } from './MergeResult';
import { OfficeEdits } from './OfficeEdits';
import { UnlockDialog } from './UnlockDialog';
import { VersionDocument } from './VersionDocument';
import { VersionList } from './VersionList';

const { render } = setupTestRoot();

const testid = (el: ParentNode, id: string) => el.querySelector(`[data-testid="${id}"]`);

describe('VersionDocument', () => {
  it('renders the locked PM JSON with the schema, keeping data-source', () => {
    const content = composeFinal([
      { sectionId: 's1', number: '一、', title: '疫情防控', level: 1, numbered: true, content: { type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text: '全区上下同心抗疫。' }] }] } },
    ]);
    const el = render(createElement(VersionDocument, { content, text: '' }));
    const doc = testid(el, 'version-content')!;
    expect(doc.getAttribute('data-rendered')).toBe('document');
    expect(doc.querySelector('h1[data-source="s1"]')?.textContent).toBe('一、疫情防控');
    expect(doc.querySelector('p[data-source="s1"]')?.textContent).toBe('全区上下同心抗疫。');
  });

  it('falls back to the plain text when the content cannot be read', () => {
    const el = render(createElement(VersionDocument, { content: null, text: '一、疫情防控\n全区上下同心抗疫。' }));
    const doc = testid(el, 'version-content')!;
    expect(doc.getAttribute('data-rendered')).toBe('text');
    expect([...doc.querySelectorAll('p:not([role])')].map((p) => p.textContent)).toEqual(['一、疫情防控', '全区上下同心抗疫。']);
  });
});

describe('ChangeDiff and MergeResult', () => {
  it('shows insertions and deletions of a re-merged section', () => {
    const change = { sectionId: 's2', title: '疫情防控', before: '同比增长X%。', after: '同比增长12%。', officeText: null, resolution: null, paragraphs: null };
    const el = render(createElement(ChangeDiff, { change, label: '（二）疫情防控' }));
    expect(testid(el, 'final-change')?.getAttribute('data-section-id')).toBe('s2');
    expect([...el.querySelectorAll('ins')].map((n) => n.textContent)).toEqual(['12']);
    expect([...el.querySelectorAll('del')].map((n) => n.textContent)).toEqual(['X']);
    expect(el.textContent).toContain('（二）疫情防控');
  });

  it('lists every changed section under 本次更新的章节', () => {
    const result = {
      finalDocName: 'final-r1',
      remerge: true,
      changed: [
        { sectionId: 's2', title: '疫情防控', before: '甲', after: '乙', officeText: null, resolution: null, paragraphs: null },
        { sectionId: 'gone', title: '已删除的节', before: '丙', after: '', officeText: null, resolution: null, paragraphs: null },
      ],
    };
    const labels = new Map([['s2', { title: '（二）疫情防控', bureaus: '卫健局' }]]);
    const el = render(createElement(MergeResult, { result, labels, onDismiss: () => undefined }));
    const panel = testid(el, 'final-changes')!;
    expect(panel.textContent).toContain('本次更新的章节');
    expect(panel.getAttribute('data-count')).toBe('2');
    expect([...el.querySelectorAll('[data-testid=final-change] h3')].map((h) => h.textContent)).toEqual(['（二）疫情防控', '已删除的节']);
  });

  it('shows the office’s text a re-merge replaced, and says truthfully when it was kept instead', () => {
    const result = {
      finalDocName: 'final-r1',
      remerge: true,
      changed: [
        { sectionId: 's1', title: '疫情防控', before: '接种X万剂次。', after: '接种12万剂次。', officeText: '累计接种X万剂次（办公室核实）。', resolution: 'replace' as const, paragraphs: null },
        { sectionId: 's2', title: '经济发展', before: '增长X%。', after: '增长8%。', officeText: '增长X%（办公室已核）。', resolution: 'keep' as const, paragraphs: null },
        { sectionId: 's3', title: '下半年计划', before: '抓好六项。', after: '抓好七项。', officeText: null, resolution: null, paragraphs: null },
      ],
    };
    const el = render(createElement(MergeResult, { result, labels: new Map(), onDismiss: () => undefined }));
    const items = [...el.querySelectorAll('[data-testid=final-change]')];
    expect(items.map((i) => i.getAttribute('data-resolution'))).toEqual(['replace', 'keep', '']);
    const office = items.map((i) => i.querySelector('[data-testid=final-change-office]'));
    expect(office[0]?.textContent).toContain('已被章节的新内容替换');
    expect(office[0]?.querySelector('[data-testid=final-office-diff]')?.textContent).toBe('累计接种X万剂次（办公室核实）。');
    expect([...office[0]!.querySelectorAll('ins')].map((n) => n.textContent).join('')).toContain('办公室核实');
    expect(office[1]?.textContent).toContain('章节的新内容没有写入合稿');
    expect(items[1]?.textContent).toContain('章节的改动（未写入合稿）');
    expect(office[2]).toBeNull();
    expect(testid(el, 'final-changes-summary')?.textContent).toContain(
      '共 3 节：2 节已替换为章节的新内容；替换了办公室在合稿中修改过的 1 节（替换前的内容保存在历史记录中）；1 节按您的选择保留了办公室的修改，章节的新内容未写入。合稿中其他章节和其他位置的修改保持不变。',
    );
    expect(summary([{ sectionId: 'x', title: '旧节（已删除）', before: '丙', after: '', officeText: null, resolution: null, paragraphs: null }])).toBe(
      '共 1 节：1 节已从大纲删除，已移出合稿。合稿中其他章节和其他位置的修改保持不变。',
    );
  });

  it('says so when a re-merge changed nothing', () => {
    const el = render(createElement(MergeResult, { result: { finalDocName: 'f', remerge: true, changed: [] }, labels: new Map(), onDismiss: () => undefined }));
    expect(testid(el, 'final-changes')?.getAttribute('data-count')).toBe('0');
  });
});

describe('OfficeEdits', () => {
  const edits = [
    { sectionId: 's1', title: '疫情防控', before: '（一）疫情防控\n接种X万剂次。', after: '（一）疫情防控\n接种12万剂次。', officeText: '（一）疫情防控\n累计接种X万剂次（办公室核实）。', paragraphs: null },
    { sectionId: 'gone', title: '旧节（已删除）', before: '旧节的文字。', after: '', officeText: '旧节的文字（办公室润色）。', paragraphs: null },
  ];
  const message = '有2节在合稿后被办公室修改过：“（一）疫情防控”、“旧节”。重新合稿会用章节的新内容替换这些修改，请逐节选择“替换”或“保留合稿中的修改”后再合稿';

  it('shows for each section the office’s edits and the section’s change, and merges only once every section is decided', () => {
    const onConfirm = vi.fn();
    const labels = new Map([['s1', { title: '（一）疫情防控', bureaus: '卫健局' }]]);
    const el = render(createElement(OfficeEdits, { message, edits, labels, busy: false, onConfirm, onCancel: () => undefined }));
    const panel = testid(el, 'final-office-edits')!;
    expect(panel.querySelector('[role=alert]')?.textContent).toBe(message);
    const items = [...el.querySelectorAll('[data-testid=final-office-edit]')];
    expect(items.map((i) => i.querySelector('h3')?.textContent)).toEqual(['（一）疫情防控', '旧节（已删除）']);
    expect(items[0]!.querySelector('[data-testid=final-office-diff]')?.textContent).toContain('累计接种');
    expect([...items[0]!.querySelectorAll('[data-testid=final-diff] ins')].map((n) => n.textContent)).toEqual(['12']);
    expect(items[1]!.textContent).toContain('本节已从大纲中删除');
    expect(items[1]!.textContent).toContain('从合稿中移除');

    const confirm = testid(el, 'final-office-edits-confirm') as HTMLButtonElement;
    expect(confirm.disabled).toBe(true);
    expect(panel.textContent).toContain('还有 2 节未选择处理方式');
    act(() => (items[0]!.querySelector('[data-testid=final-office-edit-replace]') as HTMLInputElement).click());
    expect(confirm.disabled).toBe(true);
    act(() => (items[1]!.querySelector('[data-testid=final-office-edit-keep]') as HTMLInputElement).click());
    expect(confirm.disabled).toBe(false);
    act(() => confirm.click());
    expect(onConfirm).toHaveBeenCalledWith({ s1: 'replace', gone: 'keep' });
  });

  it('decides every section at once, and cancels', () => {
    const onConfirm = vi.fn();
    const onCancel = vi.fn();
    const el = render(createElement(OfficeEdits, { message, edits, labels: new Map(), busy: false, onConfirm, onCancel }));
    const all = [...el.querySelectorAll('.final-office-edits__all button')] as HTMLButtonElement[];
    act(() => all.find((b) => b.textContent === '保留')!.click());
    act(() => (testid(el, 'final-office-edits-confirm') as HTMLButtonElement).click());
    expect(onConfirm).toHaveBeenCalledWith({ s1: 'keep', gone: 'keep' });
    act(() => ([...el.querySelectorAll('button')] as HTMLButtonElement[]).find((b) => b.textContent === '取消')!.click());
    expect(onCancel).toHaveBeenCalled();
  });
});

describe('OfficeEdits: 逐段合并', () => {
  const edit = {
    sectionId: 's1',
    title: '疫情防控',
    before: '（一）疫情防控\n接种X万剂次。\n检测X万份。\n落实防控措施。',
    after: '（一）疫情防控\n接种12万剂次。\n检测Y万份。\n落实防控措施。',
    officeText: '（一）疫情防控\n累计接种X万剂次（办公室核实）。\n检测X万份。\n全面落实防控措施。',
    paragraphs: {
      conflicts: [{ index: 0, base: '接种X万剂次。', office: '累计接种X万剂次（办公室核实）。', bureau: '接种12万剂次。' }],
      fromBureau: 1,
      fromOffice: 1,
      same: 0,
      text: '（一）疫情防控\n累计接种X万剂次（办公室核实）。\n检测Y万份。\n全面落实防控措施。',
    },
  };
  const message = '有1节在合稿后被办公室修改过：“（一）疫情防控”。';

  it('offers 逐段合并 only where the server offers it', () => {
    const el = render(createElement(OfficeEdits, { message, edits: [{ ...edit, paragraphs: null }], labels: new Map(), busy: false, onConfirm: () => undefined, onCancel: () => undefined }));
    expect(el.querySelector('[data-testid=final-office-edit-merge]')).toBeNull();
    expect(el.querySelector('[data-testid=final-office-edit-replace]')).not.toBeNull();
  });

  it('shows what comes from whom and each conflicting paragraph, the office’s by default (marked), and sends the choices', () => {
    const onConfirm = vi.fn();
    const el = render(createElement(OfficeEdits, { message, edits: [edit], labels: new Map(), busy: false, onConfirm, onCancel: () => undefined }));
    expect(testid(el, 'final-paragraph-merge')).toBeNull();
    act(() => (el.querySelector('[data-testid=final-office-edit-merge]') as HTMLInputElement).click());
    const merge = testid(el, 'final-paragraph-merge')!;
    expect(testid(el, 'final-paragraph-merge-summary')?.textContent).toBe('逐段合并：1 处采用章节的新内容，1 处保留办公室的修改，1 处双方都改过，需要您选择。');
    const conflict = merge.querySelector('[data-testid=final-paragraph-conflict]')!;
    expect(conflict.getAttribute('data-choice')).toBe('office');
    expect(conflict.textContent).toContain('默认保留办公室的');
    expect([...conflict.querySelectorAll('[data-testid=final-paragraph-office-diff] ins')].map((n) => n.textContent).join('')).toContain('累计');
    expect([...conflict.querySelectorAll('[data-testid=final-paragraph-bureau-diff] ins')].map((n) => n.textContent).join('')).toContain('12');
    expect((conflict.querySelector('[data-testid=final-paragraph-office]') as HTMLInputElement).checked).toBe(true);
    // Confirming without a choice keeps the office's (no choice sent).
    act(() => (testid(el, 'final-office-edits-confirm') as HTMLButtonElement).click());
    expect(onConfirm).toHaveBeenLastCalledWith({ s1: { paragraphs: {} } });
    act(() => (conflict.querySelector('[data-testid=final-paragraph-bureau]') as HTMLInputElement).click());
    expect(conflict.getAttribute('data-choice')).toBe('bureau');
    expect(conflict.textContent).not.toContain('默认保留办公室的');
    act(() => (testid(el, 'final-office-edits-confirm') as HTMLButtonElement).click());
    expect(onConfirm).toHaveBeenLastCalledWith({ s1: { paragraphs: { '0': 'bureau' } } });
  });
});

describe('MergeResult: a paragraph merge', () => {
  it('says the section was merged by paragraph, how each conflict was decided, and shows the office’s version before', () => {
    const change = {
      sectionId: 's1',
      title: '疫情防控',
      before: '（一）疫情防控\n接种X万剂次。',
      after: '（一）疫情防控\n接种12万剂次。',
      officeText: '（一）疫情防控\n累计接种X万剂次（办公室核实）。',
      resolution: 'merge' as const,
      paragraphs: {
        conflicts: [
          { index: 0, base: '接种X万剂次。', office: '累计接种X万剂次（办公室核实）。', bureau: '接种12万剂次。', choice: 'office' as const, defaulted: true },
          { index: 1, base: '乙', office: '乙（办公室）', bureau: '乙（委办局）', choice: 'bureau' as const, defaulted: false },
        ],
        fromBureau: 2,
        fromOffice: 1,
        same: 0,
        text: '（一）疫情防控\n累计接种X万剂次（办公室核实）。\n乙（委办局）',
      },
    };
    const el = render(createElement(MergeResult, { result: { finalDocName: 'f', remerge: true, changed: [change] }, labels: new Map(), onDismiss: () => undefined }));
    const item = el.querySelector('[data-testid=final-change]')!;
    expect(item.getAttribute('data-resolution')).toBe('merge');
    expect(item.textContent).toContain('已逐段合并');
    expect(item.querySelector('[data-testid=final-change-office]')?.textContent).toContain(
      '按您的选择，本节已逐段合并：2 处采用了章节的新内容，1 处保留了办公室的修改，双方都改过的 2 处中，1 处采用章节的、1 处保留办公室的（其中 1 处未选择，默认保留办公室的）。',
    );
    expect(summary([change])).toBe('共 1 节：1 节按您的选择逐段合并（办公室没改过的段落采用了章节的新内容，其余保留或按您的选择）。合稿中其他章节和其他位置的修改保持不变。');
  });
});

describe('LockedBanner', () => {
  it('carries the version and the full SHA-256', () => {
    const sha = 'ab'.repeat(32);
    const el = render(createElement(LockedBanner, { reportId: 'r1', version: 3, sha256: sha, lockedBy: '李文静', lockedAt: '2020年7月5日 14:05' }));
    const banner = testid(el, 'final-locked')!;
    expect(banner.getAttribute('data-version')).toBe('3');
    expect(banner.getAttribute('data-sha256')).toBe(sha);
    expect(banner.textContent).toContain('已定稿 第3版');
    expect(banner.textContent).toContain(`SHA-256: ${sha}`);
    expect(banner.querySelector('a')?.getAttribute('href')).toBe('#/reports/r1/versions/3');
  });

  it('waits for the hash before showing the testid', () => {
    const el = render(createElement(LockedBanner, { reportId: 'r1', version: 3, sha256: null, lockedBy: null, lockedAt: '' }));
    expect(testid(el, 'final-locked')).toBeNull();
    expect(el.textContent).toContain('已定稿 第3版');
  });
});

describe('VersionList', () => {
  const v = (version: number, extra: Partial<Version> = {}): Version => ({
    version,
    sha256: `${version}`.repeat(64).slice(0, 64),
    lockedBy: { id: 'u1', name: '李文静' },
    lockedAt: new Date(2020, 6, version, 9, 0).toISOString(),
    unlockedBy: null,
    unlockedAt: null,
    unlockReason: null,
    chainHead: null,
    chainSeq: null,
    ...extra,
  });

  it('lists versions newest first, linking to each, with unlock reasons', () => {
    const versions = [v(1, { unlockedBy: { id: 'u1', name: '李文静' }, unlockedAt: new Date(2020, 6, 2).toISOString(), unlockReason: '补充数据' }), v(2)];
    const el = render(createElement(VersionList, { reportId: 'r1', versions, current: 2, error: null, onRetry: () => undefined }));
    const items = [...el.querySelectorAll('[data-testid=version-item]')];
    expect(items.map((i) => i.getAttribute('data-version'))).toEqual(['2', '1']);
    expect(items[0]?.getAttribute('href')).toBe('#/reports/r1/versions/2');
    expect(items[0]?.textContent).toContain('当前定稿');
    expect(items[0]?.textContent).toContain('2'.repeat(12));
    expect(items[1]?.textContent).toContain('理由：补充数据');
    expect(items[1]?.textContent).toContain('定稿：李文静 2020年7月1日 09:00');
  });

  it('links each version to 对比 with the one before it and with the current draft', () => {
    const el = render(createElement(VersionList, { reportId: 'r1', versions: [v(1), v(2)], current: 2, error: null, onRetry: () => undefined }));
    const hrefs = (id: string) => [...el.querySelectorAll(`[data-testid=${id}]`)].map((a) => [a.textContent, a.getAttribute('href')]);
    expect(hrefs('version-compare-previous')).toEqual([['与第1版', '#/reports/r1/versions/2/compare/1']]);
    expect(hrefs('version-compare-final')).toEqual([
      ['与当前合稿', '#/reports/r1/versions/2/compare/final'],
      ['与当前合稿', '#/reports/r1/versions/1/compare/final'],
    ]);
  });

  it('says when nothing is locked yet', () => {
    const el = render(createElement(VersionList, { reportId: 'r1', versions: [], current: null, error: null, onRetry: () => undefined }));
    expect(el.querySelectorAll('[data-testid=version-item]')).toHaveLength(0);
    expect(el.textContent).toContain('尚未定稿');
  });
});

describe('UnlockDialog', () => {
  it('requires a reason and sends it trimmed', () => {
    const onConfirm = vi.fn();
    const el = render(createElement(UnlockDialog, { version: 1, busy: false, error: '', onConfirm, onCancel: () => undefined }));
    const confirm = testid(el, 'unlock-confirm') as HTMLButtonElement;
    act(() => confirm.click());
    expect(onConfirm).not.toHaveBeenCalled();
    expect(el.textContent).toContain('请填写解锁理由');

    const textarea = testid(el, 'unlock-reason') as HTMLTextAreaElement;
    act(() => {
      const setter = Object.getOwnPropertyDescriptor(Object.getPrototypeOf(textarea), 'value')!.set!;
      setter.call(textarea, '  根据区长批示补充数据 ');
      textarea.dispatchEvent(new Event('input', { bubbles: true }));
    });
    act(() => (testid(el, 'unlock-confirm') as HTMLButtonElement).click());
    expect(onConfirm).toHaveBeenCalledWith('根据区长批示补充数据');
  });

  it("shows the server's refusal", () => {
    const el = render(createElement(UnlockDialog, { version: 1, busy: false, error: '报告状态刚刚发生了变化，请刷新后重试', onConfirm: () => undefined, onCancel: () => undefined }));
    expect(el.textContent).toContain('报告状态刚刚发生了变化');
  });
});
