import { describe, expect, it } from 'vitest';
import { parseRoute, reportHref } from './route';

describe('parseRoute', () => {
  it.each(['', '#', '#/', '#/reports', '#/reports/'])('%j is the report list', (hash) => {
    expect(parseRoute(hash)).toEqual({ name: 'reports' });
  });

  it('reads a report id', () => {
    expect(parseRoute('#/reports/42')).toEqual({ name: 'report', id: '42' });
    expect(parseRoute('#/reports/42/')).toEqual({ name: 'report', id: '42' });
    expect(parseRoute('#/reports/%E7%A4%BA%E4%BE%8B')).toEqual({ name: 'report', id: '示例' });
  });

  it.each(['#/nowhere', '#/reports/1/sections', '#/reports/%E0%A4%A'])('%j is not found', (hash) => {
    expect(parseRoute(hash)).toEqual({ name: 'notFound' });
  });
});

describe('reportHref', () => {
  it('round-trips through parseRoute', () => {
    for (const id of [7, 'r-1', 'a/b c', '示例']) {
      expect(parseRoute(reportHref(id))).toEqual({ name: 'report', id: String(id) });
    }
  });
});
