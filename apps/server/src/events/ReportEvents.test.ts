import { describe, expect, it } from 'vitest';
import { ReportEvents, type ReportEvent } from './ReportEvents.js';

const event = (reportId: string): ReportEvent => ({ type: 'section.status', reportId, sectionId: 's1', at: new Date(0).toISOString() });

describe('ReportEvents', () => {
  it('delivers events only to subscribers of that report, until they unsubscribe', () => {
    const events = new ReportEvents();
    const a: ReportEvent[] = [];
    const b: ReportEvent[] = [];
    const offA = events.subscribe('r1', (e) => a.push(e));
    events.subscribe('r2', (e) => b.push(e));
    events.publish(event('r1'));
    expect(a).toHaveLength(1);
    expect(b).toHaveLength(0);
    offA();
    events.publish(event('r1'));
    expect(a).toHaveLength(1);
    expect(events.size).toBe(1);
  });

  it('keeps delivering when one subscriber throws', () => {
    const events = new ReportEvents();
    const got: ReportEvent[] = [];
    events.subscribe('r1', () => {
      throw new Error('broken');
    });
    events.subscribe('r1', (e) => got.push(e));
    events.publish(event('r1'));
    expect(got).toHaveLength(1);
  });
});
