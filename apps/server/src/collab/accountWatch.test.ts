import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Connection } from '@hegao/collab';
import type { User } from '@hegao/domain';
import { createSession, deleteUserSessions, setUserDisabled } from '@hegao/storage';
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

async function connect(user: User, docName: string): Promise<{ conn: Connection; closes: number[] }> {
  const closes: number[] = [];
  const conn = ws.ctx.collab.connect({ send() {}, close: (code) => closes.push(code) }, await identityOf(ws.db, user), docName);
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
    expect(wjj.closes).toEqual([4401]);
    expect(colleague.closes).toEqual([]);
    expect(await revokeDisabledAccounts(ws.ctx)).toBe(0);
  });
});
