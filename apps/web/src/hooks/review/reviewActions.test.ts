import { describe, expect, it } from 'vitest';
import type { Me, SectionStatus } from '../../api/types';
import { testMe } from '../../testReport';
import { reviewActions } from './reviewActions';

const bgs: Me = testMe({ id: 'u1', username: 'bgs', name: '李秘书', role: 'secretary', roleLabel: '办公室秘书', bureau: { id: 'b0', name: '办公室', color: '#333', isOffice: true } });
const wjj: Me = testMe({ id: 'u2', bureau: { id: 'b1', name: '卫健局', color: '#393', isOffice: false } });
const leader: Me = testMe({ id: 'u3', username: 'quzhang', name: '周区长', role: 'leader', roleLabel: '领导', bureau: null });
const section = (status: SectionStatus) => ({ status, bureaus: [{ id: 'b1' }] });

describe('reviewActions', () => {
  it('gives the secretary 通过 and 退回 on a submitted section', () => {
    expect(reviewActions(bgs, 'reviewing', section('submitted'))).toEqual({ approve: true, return: true, reopen: false });
  });

  it('gives the secretary 重新打开 on an approved section, also while merging', () => {
    expect(reviewActions(bgs, 'merging', section('approved'))).toEqual({ approve: false, return: false, reopen: true });
    expect(reviewActions(bgs, 'reviewing', section('approved'))).toEqual({ approve: false, return: false, reopen: true });
  });

  it('gives nothing while drafting, once locked, or to editors and leaders', () => {
    const none = { approve: false, return: false, reopen: false };
    expect(reviewActions(bgs, 'reviewing', section('drafting'))).toEqual(none);
    expect(reviewActions(bgs, 'locked', section('approved'))).toEqual(none);
    expect(reviewActions(wjj, 'reviewing', section('submitted'))).toEqual(none);
    expect(reviewActions(leader, 'merging', section('approved'))).toEqual(none);
  });
});
