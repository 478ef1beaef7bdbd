import { afterEach, describe, expect, it } from 'vitest';
import type { ReportDetail, ReportSection } from '../api/types';
import { testSection } from '../testReport';
import { ReportSession } from './ReportSession';
import { SectionSession, type NetworkEnvironment } from './SectionSession';
import { FakeProvider } from './testProvider';

const network: NetworkEnvironment = { isOnline: () => true, listen: () => () => undefined };
const opened: ReportSession[] = [];

afterEach(() => {
  for (const rs of opened.splice(0)) rs.destroy();
});

function section(id: string, bureauId: string): ReportSection {
  return testSection(id, { number: '', title: id, bureaus: [{ id: bureauId, name: bureauId }] });
}

describe('ReportSession opening order', () => {
  it('opens the user’s own sections first, then the others in outline order', () => {
    const order: string[] = [];
    const rs = new ReportSession({
      me: { id: 'u1', role: 'editor', bureau: { id: 'mine', name: '卫健局', color: '#c0392b', isOffice: false } },
      network,
      exposeDocs: false,
      onUnauthenticated: () => undefined,
      createSection: (options) => {
        order.push(options.docName);
        return new SectionSession({
          ...options,
          network,
          createPersistence: () => null,
          createProvider: (_docName, _doc, awareness) => new FakeProvider(awareness).asSectionProvider(),
        });
      },
    });
    opened.push(rs);
    const report: ReportDetail = {
      id: 'r1', title: 'T', period: '', kind: 'half_year', status: 'drafting', dueDate: null, version: 0, finalDocName: null,
      sections: [section('a', 'other'), section('b', 'mine'), section('c', 'other'), section('d', 'mine')],
    } as ReportDetail;
    rs.update(report);
    expect(order).toEqual(['section-b', 'section-d', 'section-a', 'section-c']);
  });
});
