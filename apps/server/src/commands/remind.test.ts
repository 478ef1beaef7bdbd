/**
 * 催办 (POST /api/sections/:id/remind) on a real SQLite database through the app: the office
 * only, once an hour per section (a second press gets 429 saying when, and changes nothing), the
 * bureau's writers told (naming the report), the event in the history, the board showing when.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { listEvents, listNotifications, sectionRemindedAt } from '@hegao/storage';
import type { User } from '@hegao/domain';
import { createApp } from '../http/app.js';
import { cookieOf } from '../test/request.js';
import { workspace, type Workspace } from '../test/workspace.js';
import { REMIND_RESULT } from '@hegao/contract';
import { remindNotifications } from './remind.js';

let ws: Workspace;
let app: ReturnType<typeof createApp>;

beforeEach(async () => {
  ws = await workspace();
  app = createApp(ws.ctx);
});

afterEach(async () => {
  await ws.close();
});

async function remind(user: User, sectionId: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await app.request(`/api/sections/${sectionId}/remind`, { method: 'POST', headers: { cookie: await cookieOf(ws, user) } });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

const reminders = async (user: User) => (await listNotifications(ws.db, user.id)).filter((n) => n.type === 'reminded');
const remindEvents = async () => (await listEvents(ws.db, ws.report.id)).filter((e) => e.type === 'section.remind');

describe('POST /api/sections/:id/remind', () => {
  it('tells the section’s writers, naming the report, records the event, and shows on the board', async () => {
    const { epidemic } = ws.sections;
    const before = Date.now();
    const res = await remind(ws.users.bgs, epidemic.id);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    // The answer is the contract's shape, exactly.
    expect(REMIND_RESULT.parse(res.body)).toEqual(res.body);
    expect(res.body).toMatchObject({ sectionId: epidemic.id, notified: 1 });
    const at = Date.parse(String(res.body['remindedAt']));
    expect(at).toBeGreaterThanOrEqual(before);
    expect(Date.parse(String(res.body['nextAt'])) - at).toBe(3_600_000);

    const told = await reminders(ws.users.wjj);
    expect(told.map((n) => [n.sectionId, n.message])).toEqual([[epidemic.id, '办公室催办《示例区2020年上半年工作总结》“（一）疫情防控”，请抓紧编写并提交']]);
    expect(await reminders(ws.users.fgj)).toEqual([]);
    expect(await reminders(ws.users.bgs)).toEqual([]);
    const events = await remindEvents();
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ sectionId: epidemic.id, actorId: ws.users.bgs.id, detail: { notified: [ws.users.wjj.id] } });

    const board = await app.request(`/api/reports/${ws.report.id}/board`, { headers: { cookie: await cookieOf(ws, ws.users.bgs) } });
    const rows = ((await board.json()) as { sections: { id: string; remindedAt: string | null }[] }).sections;
    expect(rows.find((r) => r.id === epidemic.id)!.remindedAt).toBe(new Date(at).toISOString());
    expect(rows.find((r) => r.id === ws.sections.economy.id)!.remindedAt).toBeNull();
  });

  it('a second press within the hour: 429 saying when it may be done again, and nothing changes', async () => {
    const { epidemic, economy } = ws.sections;
    expect((await remind(ws.users.bgs, epidemic.id)).status).toBe(200);
    const first = await sectionRemindedAt(ws.db, epidemic.id);
    const again = await remind(ws.users.bgs, epidemic.id);
    expect(again.status).toBe(429);
    expect(again.body['error']).toBe('too_soon');
    expect(again.body['message']).toMatch(/^本章节已于\d{2}:\d{2}催办过，每小时只能催办一次，请于\d{2}:\d{2}后再催办$/);
    expect(Date.parse(String(again.body['retryAt']))).toBe(first! + 3_600_000);
    expect(await sectionRemindedAt(ws.db, epidemic.id)).toBe(first);
    expect(await reminders(ws.users.wjj)).toHaveLength(1);
    expect(await remindEvents()).toHaveLength(1);
    // The limit is per section.
    expect((await remind(ws.users.bgs, economy.id)).status).toBe(200);
    expect(await reminders(ws.users.fgj)).toHaveLength(1);
  });

  it('two presses at once: one 200, one 429, one reminder', async () => {
    const { epidemic } = ws.sections;
    const results = await Promise.all([remind(ws.users.bgs, epidemic.id), remind(ws.users.bgs, epidemic.id)]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 429]);
    expect(await reminders(ws.users.wjj)).toHaveLength(1);
    expect(await remindEvents()).toHaveLength(1);
  });

  it('is the office’s only: editors and the leader get 403 and nothing is sent', async () => {
    const { epidemic } = ws.sections;
    const editor = await remind(ws.users.wjj, epidemic.id);
    expect(editor).toMatchObject({ status: 403, body: { error: 'forbidden', message: '只有办公室秘书可以催办章节' } });
    expect((await remind(ws.users.quzhang, epidemic.id)).status).toBe(403);
    expect(await sectionRemindedAt(ws.db, epidemic.id)).toBeNull();
    expect(await reminders(ws.users.wjj)).toEqual([]);
    expect(await remindEvents()).toEqual([]);
  });

  it('refuses a section that is not being written (409), a heading, an unknown section (404), and anyone signed out (401)', async () => {
    const { epidemic, first } = ws.sections;
    await ws.setStatus('submitted', epidemic);
    expect(await remind(ws.users.bgs, epidemic.id)).toMatchObject({ status: 409, body: { message: '本章节已提交，等待办公室审核，无需催办' } });
    expect((await remind(ws.users.bgs, first.id)).status).toBe(409);
    expect((await remind(ws.users.bgs, 'nope')).status).toBe(404);
    expect((await app.request(`/api/sections/${epidemic.id}/remind`, { method: 'POST' })).status).toBe(401);
    expect(await remindEvents()).toEqual([]);
  });
});

describe('remindNotifications', () => {
  const base = {
    actor: { id: 'bgs', name: '李文静' },
    report: { id: 'r', title: '2026年上半年工作总结', dueDate: '2026-12-10' },
    number: '',
    users: [
      { id: 'wjj', username: 'wjj', name: '张卫民', role: 'editor' as const, bureauId: 'b-wjj', disabled: false },
      { id: 'off', username: 'off', name: '停用', role: 'editor' as const, bureauId: 'b-wjj', disabled: true },
    ],
    today: '2026-12-06',
  };

  it('asks by the due date, or to hurry once it is past', () => {
    const section = { id: 's', title: '导语', bureauIds: ['b-wjj'], dueDate: null };
    expect(remindNotifications({ ...base, section }).map((n) => [n.userId, n.message])).toEqual([['wjj', '办公室催办《2026年上半年工作总结》“导语”，请于2026年12月10日前提交']]);
    expect(remindNotifications({ ...base, section: { ...section, dueDate: '2026-12-01' } })[0]!.message).toBe(
      '办公室催办《2026年上半年工作总结》“导语”，已超过截止日期（2026年12月1日），请尽快提交',
    );
  });
});
