import { describe, expect, it } from 'vitest';
import { aggregatePresence, avatarText, samePresence, type SectionAwareness } from './presence';

const wjj = { id: 'u-wjj', name: '张卫民', bureau: '卫健局', color: '#c0392b' };
const fgj = { id: 'u-fgj', name: '陈发展', bureau: '发改局', color: '#2980b9' };
const me = { id: 'u-me', name: '李文静', bureau: '办公室', color: '#1f4f8f' };

function section(sectionId: string, selfClientId: number, entries: [number, Record<string, unknown>][]): SectionAwareness {
  return { sectionId, selfClientId, states: new Map(entries) };
}

describe('aggregatePresence', () => {
  it('merges the states of all sections into one entry per user', () => {
    const result = aggregatePresence(
      [
        section('s1', 1, [
          [1, { focus: false }],
          [10, { user: wjj, focus: false }],
          [20, { user: fgj, focus: false }],
        ]),
        section('s2', 2, [
          [2, { focus: true }],
          [11, { user: wjj, focus: true, cursor: { anchor: {}, head: {} } }],
          [21, { user: fgj, focus: false, cursor: null }],
        ]),
      ],
      me.id,
    );
    expect(result).toEqual([
      { userId: 'u-fgj', name: '陈发展', bureau: '发改局', color: '#2980b9', sectionId: null },
      { userId: 'u-wjj', name: '张卫民', bureau: '卫健局', color: '#c0392b', sectionId: 's2' },
    ]);
  });

  it('counts a caret without the focus flag as being in the section', () => {
    const [user] = aggregatePresence([section('s9', 1, [[5, { user: wjj, cursor: { anchor: 1, head: 1 } }]])], me.id);
    expect(user?.sectionId).toBe('s9');
  });

  it('leaves out the signed-in user, also from another tab, and our own clientID', () => {
    const result = aggregatePresence(
      [
        section('s1', 1, [
          [1, { user: wjj, focus: true }],
          [7, { user: me, focus: true }],
        ]),
      ],
      me.id,
    );
    expect(result).toEqual([]);
  });

  it('ignores states the server has not stamped with a user', () => {
    expect(aggregatePresence([section('s1', 1, [[3, { focus: true }], [4, { user: { name: 'x' } }]])], me.id)).toEqual([]);
  });

  it('keeps the first focused section in outline order for a user focused twice', () => {
    const [user] = aggregatePresence(
      [section('a', 1, [[10, { user: wjj, focus: true }]]), section('b', 2, [[11, { user: wjj, focus: true }]])],
      me.id,
    );
    expect(user?.sectionId).toBe('a');
  });

  it('fills in defaults for a user without bureau or colour (a leader)', () => {
    const [user] = aggregatePresence([section('a', 1, [[10, { user: { id: 9, name: '周区长', bureau: null } }]])], me.id);
    expect(user).toEqual({ userId: '9', name: '周区长', bureau: null, color: '#7a818c', sectionId: null });
  });

  it('sorts by bureau, then name, whatever the order states arrive in', () => {
    const a = aggregatePresence([section('s', 1, [[10, { user: wjj }], [20, { user: fgj }]])], me.id);
    const b = aggregatePresence([section('s', 1, [[20, { user: fgj }], [10, { user: wjj }]])], me.id);
    expect(samePresence(a, b)).toBe(true);
  });
});

describe('samePresence', () => {
  const base = [{ userId: 'u', name: 'n', bureau: 'b', color: 'c', sectionId: null }];
  it('compares by content', () => {
    expect(samePresence(base, [{ ...base[0]! }])).toBe(true);
    expect(samePresence(base, [{ ...base[0]!, sectionId: 's' }])).toBe(false);
    expect(samePresence(base, [])).toBe(false);
  });
});

describe('avatarText', () => {
  it('uses the given name of a Chinese name', () => {
    expect(avatarText('张卫民')).toBe('卫民');
    expect(avatarText('李娜')).toBe('李娜');
    expect(avatarText('欧阳明日')).toBe('明日');
  });

  it('uses initials otherwise', () => {
    expect(avatarText('Ada Lovelace')).toBe('AL');
    expect(avatarText('  ')).toBe('?');
  });
});
