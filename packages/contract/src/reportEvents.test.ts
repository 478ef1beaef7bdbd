import { describe, expect, it } from 'vitest';
import { REPORT_EVENT_TYPES, parseReportEvent } from './reportEvents.js';

describe('live report events', () => {
  it('lists the stream event names in the union order', () => {
    expect(REPORT_EVENT_TYPES).toEqual(['section.status', 'section.assignment', 'section.edit', 'report.status', 'report.outline', 'comment', 'notification']);
  });

  it('parses an event keyed by its type', () => {
    const event = parseReportEvent(JSON.stringify({ type: 'section.edit', reportId: 'r1', sectionId: 's1', at: '2026-12-06T10:00:00.000Z', userName: '陈发展' }));
    expect(event).toEqual({ type: 'section.edit', reportId: 'r1', sectionId: 's1', at: '2026-12-06T10:00:00.000Z', userName: '陈发展' });
  });

  it('refuses what is not an event: bad JSON, unknown type, a section event without its section', () => {
    expect(parseReportEvent('{')).toBeNull();
    expect(parseReportEvent(JSON.stringify({ type: 'report.teleport', reportId: 'r1', at: 'x' }))).toBeNull();
    expect(parseReportEvent(JSON.stringify({ type: 'section.status', reportId: 'r1', at: 'x' }))).toBeNull();
  });
});
