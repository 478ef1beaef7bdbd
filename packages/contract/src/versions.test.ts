import { describe, expect, it } from 'vitest';
import {
  LOCK_RESULT,
  MERGE_REQUEST,
  MERGE_RESULT,
  PDF_EXPORT_ERROR,
  UNLOCK_REQUEST,
  UNLOCK_RESULT,
  VERSION,
  VERSION_COMPARE_QUERY,
  VERSION_COMPARISON,
  VERSION_DETAIL,
  VERSION_PARAM,
} from './versions.js';

const sha = 'a'.repeat(64);
const version = {
  version: 1,
  sha256: sha,
  lockedBy: { id: 'u1', name: '李文静' },
  lockedAt: '2026-12-03T06:05:00.000Z',
  unlockedBy: { id: 'u1', name: null },
  unlockedAt: '2026-12-03T07:00:00.000Z',
  unlockReason: '补充数据',
  chainHead: 'b'.repeat(64),
  chainSeq: 12,
};
const writer = { id: 'u1', username: 'bgs', name: '李文静', color: 'hsl(200, 55%, 30%)' };

describe('merge, lock and unlock answers', () => {
  it('accepts what the server answers', () => {
    const change = { sectionId: 's1', title: '疫情防控', before: '甲', after: '乙', officeText: null, resolution: null, paragraphs: null };
    expect(MERGE_RESULT.parse({ finalDocName: 'final-r1', remerge: true, changed: [change] }).changed).toEqual([change]);
    expect(LOCK_RESULT.parse({ version: 2, sha256: sha })).toEqual({ version: 2, sha256: sha });
    expect(UNLOCK_RESULT.parse({ version: 2, status: 'merging' })).toEqual({ version: 2, status: 'merging' });
  });

  it('refuses a wrong one', () => {
    expect(MERGE_RESULT.safeParse({ finalDocName: 'final-r1', changed: [] }).success).toBe(false);
    expect(LOCK_RESULT.safeParse({ version: 0, sha256: sha }).success).toBe(false);
    expect(LOCK_RESULT.safeParse({ version: 1, sha256: 'ab' }).success).toBe(false);
    expect(UNLOCK_RESULT.safeParse({ version: 2, status: 'locked' }).success).toBe(false);
  });
});

describe('versions', () => {
  it('accepts a version, unlocked or not, and one with its content', () => {
    expect(VERSION.parse(version)).toEqual(version);
    const current = { ...version, unlockedBy: null, unlockedAt: null, unlockReason: null, chainHead: null, chainSeq: null };
    expect(VERSION.parse(current)).toEqual(current);
    const content = { type: 'doc', content: [{ type: 'paragraph', attrs: { source: 's1' }, content: [{ type: 'text', text: '甲', marks: [{ type: 'strong' }] }] }] };
    const detail = { ...version, content, text: '甲', verified: true };
    expect(VERSION_DETAIL.parse(detail)).toEqual(detail);
    expect(VERSION_DETAIL.parse({ ...detail, content: null, text: '', verified: false }).content).toBeNull();
  });

  it('keeps unknown keys of the content, which count in its SHA-256', () => {
    const content = { type: 'doc', extra: 1, content: [{ type: 'paragraph', more: 'x' }] };
    expect(VERSION_DETAIL.parse({ ...version, content, text: '', verified: false }).content).toEqual(content);
  });

  it('refuses a number id, a missing field, a bad moment or content that is not a document', () => {
    expect(VERSION.safeParse({ ...version, lockedBy: { id: 1, name: '李文静' } }).success).toBe(false);
    expect(VERSION.safeParse({ ...version, lockedBy: null }).success).toBe(false);
    const { chainSeq: _, ...withoutSeq } = version;
    expect(VERSION.safeParse(withoutSeq).success).toBe(false);
    expect(VERSION.safeParse({ ...version, lockedAt: 1_600_000_000_000 }).success).toBe(false);
    expect(VERSION_DETAIL.safeParse({ ...version, content: { type: 'doc', content: 'x' }, text: '', verified: true }).success).toBe(false);
    expect(VERSION_DETAIL.safeParse({ ...version, content: null, text: '' }).success).toBe(false);
  });
});

describe('a comparison', () => {
  const answer = {
    from: { version: 1, lockedAt: '2026-12-03T06:05:00.000Z' },
    to: { version: 'final', lockedAt: null },
    parts: [
      { kind: 'equal', text: '甲' },
      { kind: 'insert', text: '乙', user: writer, bureau: { id: 'b0', name: '办公室' }, at: '2026-12-03T06:30:00.000Z', merge: true },
      { kind: 'delete', text: '丙', user: writer, bureau: null, at: '2026-12-03T06:31:00.000Z' },
      { kind: 'delete', text: '丁' },
    ],
  };

  it('accepts versions or the current draft, parts by author', () => {
    expect(VERSION_COMPARISON.parse(answer)).toEqual(answer);
    const locked = { ...answer, to: { version: 2, lockedAt: '2026-12-03T07:05:00.000Z' } };
    expect(VERSION_COMPARISON.parse(locked)).toEqual(locked);
  });

  it('refuses an unknown kind, a renamed field, a locked side without its moment, or final as `from`', () => {
    expect(VERSION_COMPARISON.safeParse({ ...answer, parts: [{ kind: 'replace', text: '甲' }] }).success).toBe(false);
    expect(VERSION_COMPARISON.safeParse({ ...answer, parts: [{ kind: 'insert', text: '甲', author: writer }] }).success).toBe(false);
    expect(VERSION_COMPARISON.safeParse({ ...answer, parts: [{ kind: 'insert', text: '甲', merge: false }] }).success).toBe(false);
    expect(VERSION_COMPARISON.safeParse({ ...answer, to: { version: 2, lockedAt: null } }).success).toBe(false);
    expect(VERSION_COMPARISON.safeParse({ ...answer, from: { version: 'final', lockedAt: null } }).success).toBe(false);
  });
});

describe('requests and parameters', () => {
  it('reads the comparison query, with a Chinese message for a bad one', () => {
    expect(VERSION_COMPARE_QUERY.parse({ from: '1', to: 'final' })).toEqual({ from: 1, to: 'final' });
    expect(VERSION_COMPARE_QUERY.parse({ from: '2', to: '3' })).toEqual({ from: 2, to: 3 });
    const message = (query: Record<string, string>) => VERSION_COMPARE_QUERY.safeParse(query).error?.issues[0]?.message;
    expect(message({ from: 'final', to: '2' })).toBe('参数 from 应为版本号');
    expect(message({ to: '2' })).toBe('参数 from 应为版本号');
    expect(message({ from: '1', to: '0' })).toBe('参数 to 应为版本号或 final（当前合稿）');
    expect(message({ from: '1' })).toBe('参数 to 应为版本号或 final（当前合稿）');
  });

  it('reads a version number of a path', () => {
    expect(VERSION_PARAM.parse('12')).toBe(12);
    expect(VERSION_PARAM.safeParse('01').error?.issues[0]?.message).toBe('版本号应为正整数');
    expect(VERSION_PARAM.safeParse('1.5').success).toBe(false);
  });

  it('checks an unlock reason by the domain’s rule, leaving an empty one to the command', () => {
    expect(UNLOCK_REQUEST.parse({ reason: '补充数据' })).toEqual({ reason: '补充数据' });
    expect(UNLOCK_REQUEST.parse({ reason: '  ' })).toEqual({ reason: '  ' });
    expect(UNLOCK_REQUEST.parse({})).toEqual({});
    expect(UNLOCK_REQUEST.safeParse({ reason: '字'.repeat(501) }).error?.issues[0]?.message).toBe('解锁理由不能超过500字');
    // Rare characters count once.
    expect(UNLOCK_REQUEST.safeParse({ reason: '𠀀'.repeat(500) }).success).toBe(true);
  });

  it('reads the merge decisions', () => {
    expect(MERGE_REQUEST.parse({})).toEqual({});
    expect(MERGE_REQUEST.parse({ resolve: { s1: 'keep', s2: { paragraphs: { '0': 'bureau' } } } })).toEqual({ resolve: { s1: 'keep', s2: { paragraphs: { '0': 'bureau' } } } });
    expect(MERGE_REQUEST.safeParse({ resolve: { s1: 'merge' } }).success).toBe(false);
    expect(MERGE_REQUEST.safeParse({ resolve: { ['s'.repeat(65)]: 'keep' } }).success).toBe(false);
  });
});

describe('a PDF export refused', () => {
  it('names the conversions ahead when busy', () => {
    const busy = { error: 'pdf_busy', message: '正在生成其他 PDF（前面还有 5 份），请稍后再试，或下载 Word 版本', queuePosition: 5 };
    expect(PDF_EXPORT_ERROR.parse(busy)).toEqual(busy);
    expect(PDF_EXPORT_ERROR.parse({ error: 'pdf_timeout', message: '生成 PDF 超时' })).toEqual({ error: 'pdf_timeout', message: '生成 PDF 超时' });
    expect(PDF_EXPORT_ERROR.safeParse({ error: 'pdf_busy', message: '忙' }).success).toBe(false);
    expect(PDF_EXPORT_ERROR.safeParse({ error: 'pdf_broken', message: '坏' }).success).toBe(false);
  });
});
