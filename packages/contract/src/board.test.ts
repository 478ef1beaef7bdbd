import { describe, expect, it } from 'vitest';
import { BOARD } from './board.js';

const row = {
  id: 's1',
  number: '（一）',
  title: '疫情防控',
  bureaus: [{ id: 'wjj', name: '卫健局' }],
  status: 'drafting',
  chars: 120,
  placeholders: 2,
  lastEdit: { userId: 'u1', name: null, at: '2026-12-06T08:00:00.000Z' },
  dueDate: '2026-12-10',
  daysToDue: 4,
  overdue: false,
  remindedAt: null,
};

describe('the board', () => {
  it('accepts the board the server presents', () => {
    expect(BOARD.parse({ reportId: 'r1', today: '2026-12-06', sections: [row] }).sections[0]).toEqual(row);
  });

  it('refuses a row in a state the table does not know, or with a fractional count', () => {
    expect(BOARD.safeParse({ reportId: 'r1', today: '2026-12-06', sections: [{ ...row, status: 'archived' }] }).success).toBe(false);
    expect(BOARD.safeParse({ reportId: 'r1', today: '2026-12-06', sections: [{ ...row, chars: 1.5 }] }).success).toBe(false);
  });
});
