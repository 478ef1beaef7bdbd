import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Connection } from '@hegao/collab';
import type { User } from '@hegao/domain';
import { CLOSE } from '@hegao/collab';
import { createSession, deleteSession, deleteUserSessions, setUserDisabled } from '@hegao/storage';
import { workspace, type Workspace } from '../test/workspace.js';
import { identityOf } from './identity.js';
import { revokeDisabledAccounts } from './accountWatch.js';

let ws: Workspace;
beforeEach(async () => {
  ws = await workspace();
  // Signed in, as users with open documents are.
  for (const user of [ws.users.wjj, ws.users.fgj]) await createSession(ws.db, `session-of-${user.id}`, user.id, Date.now() + 3_600_000);
});
afterEach(async () => {
  await ws.close();
});

/**
 * A connection as upgrade.ts makes one: attached to the collab core and registered under the
 * session it was opened with (by default the user's session from beforeEach).
 */
async function connect(user: User, docName: string, session = `session-of-${user.id}`): Promise<{ conn: Connection; closes: number[] }> {
  const closes: number[] = [];
  const conn = ws.ctx.collab.connect({ send() {}, close: (code) => closes.push(code) }, await identityOf(ws.db, user), docName);
  ws.ctx.sessionSockets.add(session, {
    userId: user.id,
    end: (code, reason) => {
      conn.close(code, reason);
      ws.ctx.collab.disconnect(conn);
    },
  });
  await conn.chain;
  return { conn, closes };
}

describe('revokeDisabledAccounts', () => {
  it('closes every open connection of a disabled account with 4403, and nobody else’s', async () => {
    const wjjOwn = await connect(ws.users.wjj, ws.sections.epidemic.docName);
    const wjjOther = await connect(ws.users.wjj, ws.sections.economy.docName);
    const colleague = await connect(ws.users.fgj, ws.sections.economy.docName);
    expect(await revokeDisabledAccounts(ws.ctx)).toBe(0);
    expect([wjjOwn.closes, wjjOther.closes, colleague.closes]).toEqual([[], [], []]);

    await setUserDisabled(ws.db, ws.users.wjj.id, true);
    expect(await revokeDisabledAccounts(ws.ctx)).toBe(1);
    expect(wjjOwn.closes).toEqual([4403]);
    expect(wjjOther.closes).toEqual([4403]);
    expect(colleague.closes).toEqual([]);
    expect([...(await ws.ctx.collab.connectedUsers()).keys()]).toEqual([ws.users.fgj.id]);
  });

  it('closes the connections of a user whose sessions all ended (a password reset) with 4401', async () => {
    const wjj = await connect(ws.users.wjj, ws.sections.epidemic.docName);
    const colleague = await connect(ws.users.fgj, ws.sections.epidemic.docName);
    await deleteUserSessions(ws.db, ws.users.wjj.id);
    expect(await revokeDisabledAccounts(ws.ctx)).toBe(1);
    expect(wjj.closes).toEqual([CLOSE.unauthenticated]);
    expect(colleague.closes).toEqual([]);
    expect([...(await ws.ctx.collab.connectedUsers()).keys()]).toEqual([ws.users.fgj.id]);
    expect(await revokeDisabledAccounts(ws.ctx)).toBe(0);
  });

  it('closes the sockets of an ended session even when the user has signed in again elsewhere', async () => {
    // A password reset ends every session; the user signs in again at once with the new password.
    // The sockets opened under the old session (perhaps by whoever made the reset necessary) must go.
    await createSession(ws.db, 'stolen-session', ws.users.wjj.id, Date.now() + 3_600_000);
    const stolen = await connect(ws.users.wjj, ws.sections.epidemic.docName, 'stolen-session');
    const own = await connect(ws.users.wjj, ws.sections.economy.docName);
    expect(await revokeDisabledAccounts(ws.ctx)).toBe(0);
    await deleteSession(ws.db, 'stolen-session');
    expect(await revokeDisabledAccounts(ws.ctx)).toBe(1);
    expect(stolen.closes).toEqual([CLOSE.unauthenticated]);
    expect(own.closes).toEqual([]);
    expect(ws.ctx.sessionSockets.sessions()).toEqual([`session-of-${ws.users.wjj.id}`]);
    expect(ws.log.some((l) => l.msg === 'sockets of an ended session closed' && l.fields?.['userId'] === ws.users.wjj.id)).toBe(true);
  });

  it('closes the sockets of an expired session', async () => {
    await createSession(ws.db, 'short-session', ws.users.fgj.id, Date.now() + 200);
    const fgj = await connect(ws.users.fgj, ws.sections.economy.docName, 'short-session');
    expect(await revokeDisabledAccounts(ws.ctx)).toBe(0);
    await new Promise((r) => setTimeout(r, 250));
    expect(await revokeDisabledAccounts(ws.ctx)).toBe(1);
    expect(fgj.closes).toEqual([CLOSE.unauthenticated]);
  });
});
