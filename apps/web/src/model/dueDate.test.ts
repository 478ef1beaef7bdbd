import { describe, expect, it } from 'vitest';
import { daysUntil, describeDue, formatDate, parseIsoDate } from './dueDate';

// Instants on 1 July 2020 in China, where due dates are written; the time of day must not matter.
const morning = new Date('2020-07-01T00:05:00+08:00');
const evening = new Date('2020-07-01T23:55:00+08:00');
const chinaNoon = (date: string) => new Date(`${date}T12:00:00+08:00`);

describe('parseIsoDate', () => {
  it('accepts real calendar dates', () => {
    expect(parseIsoDate('2020-07-10')).toEqual({ year: 2020, month: 7, day: 10 });
    expect(parseIsoDate('2020-02-29')).toEqual({ year: 2020, month: 2, day: 29 });
  });

  it.each(['2021-02-29', '2020-13-01', '2020-00-10', '2020-7-10', '2020-07-10T00:00:00Z', '', '明天'])('rejects %j', (value) => {
    expect(parseIsoDate(value)).toBeNull();
  });
});

describe('formatDate', () => {
  it('writes dates the Chinese way without leading zeros', () => {
    expect(formatDate('2020-07-10')).toBe('2020年7月10日');
    expect(formatDate('2021-12-01')).toBe('2021年12月1日');
  });

  it('returns unparseable input unchanged', () => {
    expect(formatDate('待定')).toBe('待定');
  });
});

describe('daysUntil', () => {
  it('counts whole calendar days regardless of the time of day', () => {
    for (const today of [morning, evening]) {
      expect(daysUntil('2020-07-01', today)).toBe(0);
      expect(daysUntil('2020-07-02', today)).toBe(1);
      expect(daysUntil('2020-06-30', today)).toBe(-1);
      expect(daysUntil('2020-08-01', today)).toBe(31);
    }
  });

  it('crosses month, year and leap-day boundaries', () => {
    expect(daysUntil('2021-01-01', chinaNoon('2020-12-31'))).toBe(1);
    expect(daysUntil('2020-03-01', chinaNoon('2020-02-28'))).toBe(2);
    expect(daysUntil('2021-03-01', chinaNoon('2021-02-28'))).toBe(1);
  });

  it('counts the day in China whatever zone the browser is set to (as the server’s board does)', () => {
    const previous = process.env.TZ;
    try {
      for (const zone of ['America/New_York', 'Europe/Berlin', 'UTC', 'Asia/Shanghai']) {
        process.env.TZ = zone;
        // 00:05 in Beijing is still 30 June in New York and Berlin: it is 1 July for the deadline.
        expect(daysUntil('2020-07-01', morning), zone).toBe(0);
        expect(daysUntil('2020-07-01', evening), zone).toBe(0);
        expect(daysUntil('2020-06-30', morning), zone).toBe(-1);
        for (let i = 0; i < 366; i++) {
          const at = new Date(Date.parse('2021-01-01T00:30:00+08:00') + i * 86_400_000);
          expect(daysUntil('2021-01-01', at)).toBe(0 - i);
        }
      }
    } finally {
      if (previous === undefined) delete process.env.TZ;
      else process.env.TZ = previous;
    }
  });

  it('returns null for an invalid date', () => {
    expect(daysUntil('2020-02-30', morning)).toBeNull();
  });
});

describe('describeDue', () => {
  it('shows days remaining', () => {
    expect(describeDue('2020-07-10', morning)).toEqual({ dateText: '2020年7月10日', relative: '剩余9天', tone: 'normal' });
  });

  it('marks close deadlines', () => {
    expect(describeDue('2020-07-04', morning)).toMatchObject({ relative: '剩余3天', tone: 'soon' });
    expect(describeDue('2020-07-05', morning)).toMatchObject({ relative: '剩余4天', tone: 'normal' });
  });

  it('says the deadline is today', () => {
    expect(describeDue('2020-07-01', evening)).toMatchObject({ relative: '今天截止', tone: 'soon' });
  });

  it('shows overdue days in the overdue tone', () => {
    expect(describeDue('2020-06-30', morning)).toEqual({ dateText: '2020年6月30日', relative: '已逾期1天', tone: 'overdue' });
    expect(describeDue('2020-06-01', morning)).toMatchObject({ relative: '已逾期30天', tone: 'overdue' });
  });

  it('drops the countdown once the work is finished', () => {
    expect(describeDue('2020-06-01', morning, true)).toEqual({ dateText: '2020年6月1日', relative: null, tone: 'muted' });
  });

  it('handles a missing or broken due date', () => {
    expect(describeDue(null, morning)).toEqual({ dateText: '未设截止日期', relative: null, tone: 'muted' });
    expect(describeDue('', morning)).toMatchObject({ dateText: '未设截止日期' });
    expect(describeDue('下周', morning)).toEqual({ dateText: '下周', relative: null, tone: 'muted' });
  });
});
