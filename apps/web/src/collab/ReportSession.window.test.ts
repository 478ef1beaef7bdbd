// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import type { ReportDetail } from '../api/types';
import { ReportSession } from './ReportSession';
import { SectionSession } from './SectionSession';
import { testReport, testSection } from '../testReport';
import { FakeProvider } from './testProvider';

const report: ReportDetail = testReport({ title: 'T' }, [testSection('a')]);

describe('window.hegao (the test hook of docs/ui-contract.md)', () => {
  it('exposes the open documents by docName, the same Y.Doc objects the editors use', () => {
    const rs = new ReportSession({
      me: { id: 'u1', role: 'editor', bureau: null },
      createSection: (options) =>
        new SectionSession({ ...options, createPersistence: () => null, createProvider: (_n, _d, awareness) => new FakeProvider(awareness).asSectionProvider() }),
    });
    rs.update(report);
    expect(window.hegao?.docs).toBeInstanceOf(Map);
    expect(window.hegao?.docs.get('section-a')).toBe(rs.section('a')?.doc);
    rs.destroy();
    expect(window.hegao?.docs.size).toBe(0);
  });

  it('opens documents offline with the predicted access, and online read-only until told', () => {
    const make = (online: boolean) => {
      const rs = new ReportSession({
        me: { id: 'u1', role: 'editor', bureau: { id: 'b1', name: '卫健局', color: '#c0392b', isOffice: false } },
        exposeDocs: false,
        network: { isOnline: () => online, listen: () => () => undefined },
        createSection: (options) =>
          new SectionSession({ ...options, createPersistence: () => null, createProvider: (_n, _d, awareness) => new FakeProvider(awareness).asSectionProvider() }),
      });
      rs.update({ ...report, sections: [{ ...report.sections[0]!, bureaus: [{ id: 'b1', name: '卫健局' }] }] });
      const mode = rs.section('a')!.state.get().mode;
      rs.destroy();
      return mode;
    };
    expect(make(false)).toBe('write');
    expect(make(true)).toBe('read');
  });
});
