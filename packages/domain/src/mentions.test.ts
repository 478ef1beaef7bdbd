import { describe, expect, it } from 'vitest';
import { findMentions } from './mentions.js';

const user = (id: string, name: string, username: string) => ({ id, name, username });
const USERS = [
  user('zhang', '张卫民', 'wjj'),
  user('zhang2', '张卫', 'zw'),
  user('chen', '陈发展', 'fgj'),
  user('zhou', '周区长', 'quzhang'),
  user('li', '李文静', 'bgs'),
];

describe('findMentions', () => {
  it('finds names and usernames, in order of first mention, once each', () => {
    expect(findMentions('请@陈发展和@wjj核实，@陈发展牵头', USERS)).toEqual(['chen', 'zhang']);
  });

  it('prefers the longest match at each @', () => {
    expect(findMentions('@张卫民请补充', USERS)).toEqual(['zhang']);
    expect(findMentions('@张卫请补充', USERS)).toEqual(['zhang2']);
  });

  it('accepts the full-width ＠ and usernames in any case', () => {
    expect(findMentions('＠周区长 已阅，@BGS 请落实', USERS)).toEqual(['zhou', 'li']);
  });

  it('ignores e-mail addresses and usernames running on into more letters', () => {
    expect(findMentions('发送至 li@bgs.gov.cn', USERS)).toEqual([]);
    expect(findMentions('@bgsx 不是任何人', USERS)).toEqual([]);
    expect(findMentions('@bgs。请看', USERS)).toEqual(['li']);
    expect(findMentions('@fgj2020年数据', USERS)).toEqual([]);
  });

  it('mentions everyone sharing the longest name', () => {
    const twins = [user('a', '王伟', 'ww1'), user('b', '王伟', 'ww2')];
    expect(findMentions('@王伟 请阅', twins)).toEqual(['a', 'b']);
  });

  it('finds nothing without an @ or a known name', () => {
    expect(findMentions('陈发展请核实', USERS)).toEqual([]);
    expect(findMentions('@某某某 @', USERS)).toEqual([]);
    expect(findMentions('', USERS)).toEqual([]);
  });
});
