/**
 * Requests to the real app (createApp over a test workspace) as a signed-in user, without a socket:
 * each call opens a new session for the user, as a browser that just signed in.
 */
import type { User } from '@hegao/domain';
import { createSession } from '@hegao/storage';
import { hashToken, newSessionToken } from '../auth/tokens.js';
import { createApp } from '../http/app.js';
import { SESSION_COOKIE } from '../http/middleware.js';
import type { Workspace } from './workspace.js';

/** The cookie of a new session of `user` in the workspace's database. */
export async function cookieOf(ws: Workspace, user: User): Promise<string> {
  const token = newSessionToken();
  await createSession(ws.db, hashToken(token), user.id, Date.now() + 3_600_000);
  return `${SESSION_COOKIE}=${token}`;
}

/** Sends one request as `user` (a JSON body when `json` is given) and reads the JSON answer. */
export async function requestAs(
  ws: Workspace,
  user: User,
  method: string,
  path: string,
  json?: unknown,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const headers: Record<string, string> = { cookie: await cookieOf(ws, user) };
  if (json !== undefined) headers['content-type'] = 'application/json';
  const res = await createApp(ws.ctx).request(path, { method, headers, ...(json !== undefined ? { body: JSON.stringify(json) } : {}) });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}
