import { afterEach, describe, expect, it, vi } from 'vitest';
import { Awareness, applyAwarenessUpdate, encodeAwarenessUpdate } from 'y-protocols/awareness';
import * as Y from 'yjs';
import type { ReportDetail, ReportSection } from '../api/types';
import { testReport, testSection } from '../testReport';
import { ReportSession } from './ReportSession';
import { SectionSession, type NetworkEnvironment } from './SectionSession';
import { FakeProvider } from './testProvider';

const network: NetworkEnvironment = { isOnline: () => true, listen: () => () => undefined };

function section(id: string, parentId: string | null, level: number, extra: Partial<ReportSection> = {}): ReportSection {
  return testSection(id, { parentId, level, number: '', title: id, bureaus: [{ id: 'b1', name: '卫健局' }], ...extra });
}

function report(sections: ReportSection[]): ReportDetail {
  return testReport({ title: 'T' }, sections);
}

const me = { id: 'u-me', role: 'editor' as const, bureau: { id: 'b1', name: '卫健局', color: '#c0392b', isOffice: false } };
const opened: ReportSession[] = [];

function openReport(onUnauthenticated = vi.fn()) {
  const providers = new Map<string, FakeProvider>();
  const rs = new ReportSession({
    me,
    network,
    exposeDocs: false,
    onUnauthenticated,
    createSection: (options) =>
      new SectionSession({
        ...options,
        network,
        createPersistence: () => null,
        createProvider: (docName, _doc, awareness) => {
          const p = new FakeProvider(awareness);
          providers.set(docName, p);
          return p.asSectionProvider();
        },
      }),
  });
  opened.push(rs);
  return { rs, providers, onUnauthenticated };
}

/** Makes a remote client's awareness state (as the server relays it, with `user` stamped) appear in a session. */
function remoteState(target: Awareness, clientID: number, state: Record<string, unknown>) {
  const doc = new Y.Doc();
  doc.clientID = clientID;
  const remote = new Awareness(doc);
  remote.setLocalState(state);
  applyAwarenessUpdate(target, encodeAwarenessUpdate(remote, [clientID]), 'server');
  remote.destroy();
}

afterEach(() => {
  for (const rs of opened.splice(0)) rs.destroy();
});

const outline = [section('h1', null, 1), section('a', 'h1', 2), section('b', 'h1', 2), section('c', null, 1)];

describe('ReportSession', () => {
  it('opens a document for each leaf section only', () => {
    const { rs } = openReport();
    rs.update(report(outline));
    expect([...rs.sessions.get().keys()]).toEqual(['a', 'b', 'c']);
    expect([...rs.docs.keys()]).toEqual(['section-a', 'section-b', 'section-c']);
    expect(rs.section('h1')).toBeUndefined();
    expect(rs.docs.get('section-a')).toBe(rs.section('a')?.doc);
  });

  it('adds and removes sessions when the outline changes, keeping the others', () => {
    const { rs } = openReport();
    rs.update(report(outline));
    const a = rs.section('a');
    const snapshot = rs.sessions.get();
    rs.update(report(outline));
    expect(rs.sessions.get()).toBe(snapshot);
    rs.update(report([section('h1', null, 1), section('a', 'h1', 2), section('d', 'h1', 2)]));
    expect([...rs.sessions.get().keys()]).toEqual(['a', 'd']);
    expect(rs.section('a')).toBe(a);
    expect(rs.docs.has('section-b')).toBe(false);
    expect(rs.docs.has('section-c')).toBe(false);
  });

  it('aggregates the connection status of all sections', () => {
    const { rs, providers } = openReport();
    rs.update(report(outline));
    expect(rs.status.get()).toBe('connecting');
    for (const p of providers.values()) p.emit('status', [{ status: 'connected' }]);
    expect(rs.status.get()).toBe('connected');
    providers.get('section-b')!.emit('status', [{ status: 'disconnected' }]);
    expect(rs.status.get()).toBe('connecting');
    providers.get('section-c')!.emit('closed', [{ code: 4403, reason: '' }]);
    expect(rs.status.get()).toBe('connecting');
    // The network is fine: a section the server closed is 已断开, not 离线.
    providers.get('section-b')!.emit('status', [{ status: 'connected' }]);
    expect(rs.status.get()).toBe('stopped');
  });

  it('shows who else is here and in which section, without ourselves', async () => {
    const { rs } = openReport();
    rs.update(report(outline));
    const wjj = { id: 'u-wjj', name: '张卫民', bureau: '卫健局', color: '#c0392b' };
    const fgj = { id: 'u-fgj', name: '陈发展', bureau: '发改局', color: '#2980b9' };
    remoteState(rs.section('a')!.awareness, 101, { user: wjj, focus: false });
    remoteState(rs.section('b')!.awareness, 102, { user: wjj, focus: true });
    remoteState(rs.section('a')!.awareness, 201, { user: fgj, focus: false });
    remoteState(rs.section('c')!.awareness, 301, { user: { ...me, name: '我', bureau: '卫健局' }, focus: true });
    await vi.waitFor(() => expect(rs.presence.get()).toHaveLength(2));
    expect(rs.presence.get().map((u) => [u.name, u.sectionId])).toEqual([
      ['陈发展', null],
      ['张卫民', 'b'],
    ]);
    expect(rs.presenceIn('b').map((u) => u.userId)).toEqual(['u-wjj']);
    expect(rs.presenceIn('a')).toEqual([]);
  });

  it('is settled once every section has synced (or, offline, loaded its local copy)', () => {
    const { rs, providers } = openReport();
    rs.update(report(outline));
    expect(rs.settled.get()).toBe(false);
    const all = [...providers.values()];
    for (const p of all) p.emit('status', [{ status: 'connected' }]);
    for (const p of all.slice(1)) p.emit('sync', [true]);
    expect(rs.settled.get()).toBe(false);
    all[0]!.emit('sync', [true]);
    expect(rs.settled.get()).toBe(true);
  });

  it('sums the character and placeholder counts of the sections', async () => {
    const { rs } = openReport();
    rs.update(report(outline));
    for (const [id, text] of [
      ['a', '一二三X个'],
      ['c', '四五X%，X区'],
    ] as const) {
      const p = new Y.XmlElement('paragraph');
      p.insert(0, [new Y.XmlText(text)]);
      rs.section(id)!.fragment.insert(0, [p]);
    }
    await vi.waitFor(() => expect(rs.chars.get()).toBe(12));
    // X区 is a masked place name, not a number to fill in.
    expect(rs.placeholders.get()).toBe(2);
  });

  it('asks once to check the login after a burst of 4401 closes, then reconnects those sections', () => {
    const { rs, providers, onUnauthenticated } = openReport();
    rs.update(report(outline));
    providers.get('section-a')!.emit('closed', [{ code: 4401, reason: '' }]);
    providers.get('section-b')!.emit('closed', [{ code: 4401, reason: '' }]);
    expect(onUnauthenticated).toHaveBeenCalledTimes(1);
    rs.reconnectUnauthenticated();
    expect(rs.section('a')!.state.get().closed).toBeNull();
    expect(providers.get('section-a')!.connect).toHaveBeenCalled();
  });

  it('destroys every section session', () => {
    const { rs } = openReport();
    rs.update(report(outline));
    const a = rs.section('a')!;
    const destroy = vi.spyOn(a, 'destroy');
    rs.destroy();
    expect(destroy).toHaveBeenCalled();
    expect(rs.docs.size).toBe(0);
  });
});
