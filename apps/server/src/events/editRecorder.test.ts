import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { workspace, type Workspace } from '../test/workspace.js';
import { editRecorder } from './editRecorder.js';
import type { ReportEvent } from './ReportEvents.js';

let ws: Workspace;
beforeEach(async () => {
  ws = await workspace();
});
afterEach(async () => {
  await ws.close();
});

const logger = { info: vi.fn(), warn: vi.fn(), error: vi.fn() };

describe('editRecorder', () => {
  it('announces the last editor with the name, so pages patch instead of refetching', async () => {
    const { economy } = ws.sections;
    const received: ReportEvent[] = [];
    ws.ctx.events.subscribe(ws.report.id, (e) => received.push(e));
    const record = editRecorder(ws.ctx.db, ws.ctx.events, logger, 50);
    const at = Date.parse('2020-07-01T08:00:00Z');
    record([{ docName: economy.docName, userId: ws.users.fgj.id, bureauId: null, seq: 1, createdAt: at }]);
    await vi.waitFor(() => expect(received).toHaveLength(1));
    expect(received[0]).toEqual({
      type: 'section.edit',
      reportId: ws.report.id,
      sectionId: economy.id,
      at: '2020-07-01T08:00:00.000Z',
      userId: ws.users.fgj.id,
      userName: ws.users.fgj.name,
    });
  });

  it('announces a burst once at once and its last edit after the throttle interval', async () => {
    const { economy } = ws.sections;
    const received: ReportEvent[] = [];
    ws.ctx.events.subscribe(ws.report.id, (e) => received.push(e));
    const record = editRecorder(ws.ctx.db, ws.ctx.events, logger, 200);
    const base = Date.parse('2020-07-01T08:00:00Z');
    for (let i = 0; i < 5; i++) {
      record([{ docName: economy.docName, userId: i < 4 ? ws.users.fgj.id : ws.users.bgs.id, bureauId: null, seq: i + 1, createdAt: base + i }]);
      await new Promise((r) => setTimeout(r, 5));
    }
    await vi.waitFor(() => expect(received).toHaveLength(2), { timeout: 2000 });
    expect(received[0]).toMatchObject({ type: 'section.edit', userName: ws.users.fgj.name });
    // The trailing announcement carries the latest author.
    expect(received[1]).toMatchObject({ userId: ws.users.bgs.id, userName: ws.users.bgs.name, at: new Date(base + 4).toISOString() });
  });
});
