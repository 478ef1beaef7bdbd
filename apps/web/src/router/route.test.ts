import { describe, expect, it } from 'vitest';
import { parseRoute, reportHref, sectionHref, versionCompareHref } from './route';

describe('parseRoute', () => {
  it.each(['', '#', '#/', '#/reports', '#/reports/'])('%j is the report list', (hash) => {
    expect(parseRoute(hash)).toEqual({ name: 'reports' });
  });

  it('reads a report id', () => {
    expect(parseRoute('#/reports/42')).toEqual({ name: 'report', id: '42' });
    expect(parseRoute('#/reports/42/sections/7')).toEqual({ name: 'report', id: '42', sectionId: '7' });
    expect(parseRoute(sectionHref('示例', '第 1 节'))).toEqual({ name: 'report', id: '示例', sectionId: '第 1 节' });
    expect(parseRoute('#/reports/42/sections/%E0%A4')).toEqual({ name: 'notFound' });
    expect(parseRoute('#/reports/42/sections/')).toEqual({ name: 'notFound' });
    expect(parseRoute('#/reports/42/')).toEqual({ name: 'report', id: '42' });
    expect(parseRoute('#/reports/%E7%A4%BA%E4%BE%8B')).toEqual({ name: 'report', id: '示例' });
  });

  it.each(['#/nowhere', '#/reports/1/sections', '#/reports/%E0%A4%A'])('%j is not found', (hash) => {
    expect(parseRoute(hash)).toEqual({ name: 'notFound' });
  });
});

describe('reportHref', () => {
  it('round-trips through parseRoute', () => {
    for (const id of ['7', 'r-1', 'a/b c', '示例']) {
      expect(parseRoute(reportHref(id))).toEqual({ name: 'report', id });
    }
  });
});

describe('office and final-draft routes', () => {
  it('parses the sub-pages of a report and the new-report page', () => {
    expect(parseRoute('#/reports/new')).toEqual({ name: 'newReport' });
    expect(parseRoute('#/reports/import')).toEqual({ name: 'importReport' });
    expect(parseRoute('#/reports/r1/outline')).toEqual({ name: 'outline', id: 'r1' });
    expect(parseRoute('#/reports/r1/board')).toEqual({ name: 'board', id: 'r1' });
    expect(parseRoute('#/reports/r1/history')).toEqual({ name: 'history', id: 'r1' });
    expect(parseRoute('#/reports/r1/final')).toEqual({ name: 'final', id: 'r1' });
    expect(parseRoute('#/reports/r1/versions/2')).toEqual({ name: 'version', id: 'r1', version: 2 });
    expect(parseRoute('#/reports/r1/versions/0')).toEqual({ name: 'notFound' });
    expect(parseRoute('#/reports/r1/versions/2/compare/1')).toEqual({ name: 'version', id: 'r1', version: 2, compare: 1 });
    expect(parseRoute('#/reports/r1/versions/2/compare/final')).toEqual({ name: 'version', id: 'r1', version: 2, compare: 'final' });
    expect(parseRoute('#/reports/r1/versions/2/compare/2')).toEqual({ name: 'notFound' });
    expect(parseRoute('#/reports/r1/versions/2/compare/0')).toEqual({ name: 'notFound' });
    expect(parseRoute('#/reports/r1/versions/2/compare/x')).toEqual({ name: 'notFound' });
    expect(parseRoute(versionCompareHref('r1', 2, 'final'))).toEqual({ name: 'version', id: 'r1', version: 2, compare: 'final' });
    expect(parseRoute('#/reports/r1/other')).toEqual({ name: 'notFound' });
  });
});
