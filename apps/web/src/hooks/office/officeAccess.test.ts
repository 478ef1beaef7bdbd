import { describe, expect, it } from 'vitest';
import type { Me } from '../../api/types';
import { createAccess, outlineAccess } from './officeAccess';

const office = { id: 'u1', role: 'secretary', bureau: { id: 'b0', name: '办公室', color: '#333', isOffice: true } } as const satisfies Pick<Me, 'id' | 'role' | 'bureau'>;
const editor = { id: 'u2', role: 'editor', bureau: { id: 'b1', name: '卫健局', color: '#c00', isOffice: false } } as const satisfies Pick<Me, 'id' | 'role' | 'bureau'>;
const leader = { id: 'u3', role: 'leader', bureau: null } as const satisfies Pick<Me, 'id' | 'role' | 'bureau'>;

describe('outlineAccess', () => {
  it('lets the secretary edit while drafting or reviewing', () => {
    expect(outlineAccess(office, 'drafting')).toEqual({ allowed: true, reason: '' });
    expect(outlineAccess(office, 'reviewing').allowed).toBe(true);
  });

  it('refuses once merging or locked, and refuses editors and leaders, with a Chinese reason', () => {
    for (const [me, status] of [
      [office, 'merging'],
      [office, 'locked'],
      [editor, 'drafting'],
      [leader, 'drafting'],
    ] as const) {
      const access = outlineAccess(me, status);
      expect(access.allowed).toBe(false);
      expect(access.reason).toMatch(/[\u4e00-\u9fff]/);
    }
  });
});

describe('createAccess', () => {
  it('is for the office only', () => {
    expect(createAccess(office).allowed).toBe(true);
    expect(createAccess(editor).allowed).toBe(false);
    expect(createAccess(leader).reason).toMatch(/[\u4e00-\u9fff]/);
  });
});
