import { describe, expect, it } from 'vitest';
import { AUDIT_EVENT_TYPES, isAuditEventType, parseAuditEvent, readAuditEvent } from './auditEvents.js';

describe('recorded events', () => {
  it('reads an event as its type says, with the detail typed', () => {
    const event = parseAuditEvent('section.return', { from: 'submitted', to: 'returned', reason: '请补充数据' });
    expect(event).toEqual({ type: 'section.return', detail: { from: 'submitted', to: 'returned', reason: '请补充数据' } });
    if (event?.type !== 'section.return') throw new Error('not a return');
    // Typed: reason is a string here, not unknown.
    expect(event.detail.reason?.length).toBe(5);
  });

  it('keeps fields it does not know (a newer server) and accepts events recorded before optional fields existed', () => {
    expect(parseAuditEvent('report.merge', { from: 'reviewing', to: 'merging', paragraphs: 3 })?.detail).toEqual({ from: 'reviewing', to: 'merging', paragraphs: 3 });
    expect(parseAuditEvent('section.assign', { to: 'drafting', bureauIds: ['fgj'] })?.detail).toEqual({ to: 'drafting', bureauIds: ['fgj'] });
  });

  it('refuses a detail of the wrong shape and types it does not know', () => {
    expect(parseAuditEvent('section.return', { from: 'submitted', to: 'archived' })).toBeNull();
    expect(parseAuditEvent('report.lock', { from: 'merging', to: 'locked', version: 0, sha256: 'ab' })).toBeNull();
    expect(parseAuditEvent('section.update', { title: '新标题' })).toBeNull();
    expect(parseAuditEvent('report.teleport', {})).toBeNull();
    expect(isAuditEventType('toString')).toBe(false);
  });

  it('lists every type the server records', () => {
    expect(AUDIT_EVENT_TYPES).toContain('report.merge_undone');
    expect(AUDIT_EVENT_TYPES).toContain('account.disable');
    expect(new Set(AUDIT_EVENT_TYPES).size).toBe(AUDIT_EVENT_TYPES.length);
  });
});

describe('reading recorded events back for display', () => {
  it('takes an event missing fields its type records today (an older server), typed', () => {
    const lock = readAuditEvent('report.lock', {});
    expect(lock).toEqual({ type: 'report.lock', detail: {} });
    const unlock = readAuditEvent('report.unlock', { version: 2 });
    if (unlock?.type !== 'report.unlock') throw new Error('not an unlock');
    expect(unlock.detail.version).toBe(2);
  });

  it('refuses a field of the wrong type, and types it does not know', () => {
    expect(readAuditEvent('report.lock', { version: '2' })).toBeNull();
    expect(readAuditEvent('section.submit', { from: 'archived' })).toBeNull();
    expect(readAuditEvent('report.teleport', {})).toBeNull();
  });
});
