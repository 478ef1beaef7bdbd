/**
 * WebSocket upgrade for `/collab/:docName` and `/collab-mux`: checks the Origin, authenticates by
 * session cookie or `?token=` (only while the session the token was issued under lives), registers
 * the socket under that session (sessionSockets.ts: ending the session closes it), and hands the
 * socket to the collab core. Authentication failures are reported with a close code (4401) after
 * the upgrade so browser clients can show why.
 */
import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { CLOSE, type CollabIdentity } from '@hegao/collab';
import { findSessionUserId, getUser, liveSessionHashesOf } from '@hegao/storage';
import type { User } from '@hegao/domain';
import type { AppContext } from '../context.js';
import { hashToken, sessionRef, verifyCollabToken } from '../auth/tokens.js';
import { SESSION_COOKIE } from '../http/middleware.js';
import { isAllowedOrigin } from '../http/origin.js';
import { resolveClientAddress } from '../http/trustedProxies.js';
import { isQuotaAnswer, type QuotaAnswer } from '../http/connectionQuota.js';
import { EARLY_FRAME_LIMITS, EARLY_MUX_FRAME_LIMITS, EarlyFrames, type EarlyFrameLimits } from './earlyFrames.js';
import { identityOf } from './identity.js';
import { bindMux } from './muxSocket.js';
import { closeSocket, flowControl } from './wsSocket.js';
import type { SocketBinding } from './SocketBinding.js';

const PATH = /^\/collab\/([^/?#]{1,200})$/;
/** The multiplexed socket: many documents over one WebSocket (see muxSocket.ts). */
const MUX_PATH = '/collab-mux';

/**
 * The value of cookie `name` in a Cookie header, percent-decoded; null when it is absent or its
 * percent-encoding is broken (e.g. `%E0`): such a cookie names no session, so the upgrade ends
 * with 4401 rather than an internal error.
 */
export function cookieValue(header: string | undefined, name: string): string | null {
  if (!header) return null;
  for (const part of header.split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k !== name) continue;
    try {
      return decodeURIComponent(v.join('='));
    } catch {
      return null;
    }
  }
  return null;
}

/** The path and query of a request target; null unless it is origin-form (`/path?query`). */
export function parseTarget(target: string | undefined): { pathname: string; searchParams: URLSearchParams } | null {
  if (!target || !target.startsWith('/') || target.startsWith('//')) return null;
  const q = target.indexOf('?');
  const pathname = q < 0 ? target : target.slice(0, q);
  const hash = pathname.indexOf('#');
  return { pathname: hash < 0 ? pathname : pathname.slice(0, hash), searchParams: new URLSearchParams(q < 0 ? '' : target.slice(q + 1)) };
}

type Target = NonNullable<ReturnType<typeof parseTarget>>;

/** An authenticated socket: the user and the stored hash of the session it was opened under. */
interface Authenticated {
  user: User;
  sessionHash: string;
}

/** The session among the user's live ones that a collab token was issued under, or null. */
async function tokenSession(ctx: AppContext, userId: string, ref: string): Promise<string | null> {
  const wanted = Buffer.from(ref);
  for (const hash of await liveSessionHashesOf(ctx.db, userId)) {
    const candidate = Buffer.from(sessionRef(ctx.tokenSecret, hash));
    if (candidate.length === wanted.length && timingSafeEqual(candidate, wanted)) return hash;
  }
  return null;
}

async function authenticate(ctx: AppContext, req: IncomingMessage, docName: string | null, url: Target): Promise<Authenticated | { problem: string }> {
  const token = url.searchParams.get('token');
  let userId: string | null = null;
  let sessionHash: string | null = null;
  if (token) {
    // A collab token names one document; the multiplexed socket takes the session cookie only.
    if (docName === null) return { problem: 'tokens are per document' };
    const verified = verifyCollabToken(ctx.tokenSecret, token, docName);
    if (!verified.ok) return { problem: `token ${verified.problem}` };
    // Valid only while the session it was issued under lives: not after logout or a password reset.
    sessionHash = await tokenSession(ctx, verified.userId, verified.session);
    if (!sessionHash) return { problem: 'token of an ended session' };
    userId = verified.userId;
  } else {
    const session = cookieValue(req.headers.cookie, SESSION_COOKIE);
    if (session && session.length <= 200) {
      sessionHash = hashToken(session);
      userId = await findSessionUserId(ctx.db, sessionHash);
    }
    if (!userId || !sessionHash) return { problem: 'no session' };
  }
  const user = await getUser(ctx.db, userId);
  if (!user || user.disabled) return { problem: 'unknown or disabled user' };
  return { user, sessionHash };
}

function rejectHttp(socket: Duplex, status: number, text: string): void {
  socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}

/** The `upgrade` listener for the HTTP server, and a way to drop every socket at shutdown. */
export interface CollabUpgrade {
  handle(req: IncomingMessage, socket: Duplex, head: Buffer): void;
  terminateAll(): void;
}

/** Creates the upgrade handler. */
export function collabUpgradeHandler(ctx: AppContext): CollabUpgrade {
  const wss = new WebSocketServer({ noServer: true, maxPayload: ctx.config.maxFrameBytes, perMessageDeflate: false, clientTracking: true });
  /** Runs one step of an upgrade; whatever a request carries, one bad upgrade never takes the server down. */
  const guarded = (req: IncomingMessage, socket: Duplex, step: () => void): void => {
    try {
      step();
    } catch (err) {
      ctx.logger.warn('websocket upgrade refused', { url: String(req.url).slice(0, 200), error: (err as Error).message });
      if (!socket.destroyed) rejectHttp(socket, 400, 'Bad Request');
    }
  };
  const handle = (req: IncomingMessage, socket: Duplex, head: Buffer): void => {
    socket.on('error', () => undefined);
    guarded(req, socket, () => route(req, socket, head));
  };
  const route = (req: IncomingMessage, socket: Duplex, head: Buffer): void => {
    const url = parseTarget(req.url);
    if (!url) return rejectHttp(socket, 400, 'Bad Request');
    const mux = url.pathname === MUX_PATH;
    const match = PATH.exec(url.pathname);
    if (!match && !mux) return rejectHttp(socket, 404, 'Not Found');
    const origin = req.headers.origin;
    if (origin !== undefined && !isAllowedOrigin(origin, req.headers.host, ctx.config.allowedOrigins)) {
      ctx.logger.warn('websocket upgrade from a foreign origin refused', { origin });
      return rejectHttp(socket, 403, 'Forbidden');
    }
    let docName: string | null = null;
    if (!mux) {
      try {
        docName = decodeURIComponent(match![1]!);
      } catch {
        return rejectHttp(socket, 400, 'Bad Request');
      }
    }
    // Counted by address before anything else is spent on it; the slot is freed with the TCP socket.
    const forwarded = req.headers['x-forwarded-for'];
    const address = resolveClientAddress(req.socket.remoteAddress ?? 'unknown', Array.isArray(forwarded) ? forwarded.join(',') : forwarded, new Set(ctx.config.trustedProxies));
    const admit = (slot: QuotaAnswer): void => {
      if (typeof slot !== 'function') {
        ctx.logger.warn('websocket refused: too many sockets from one address', { address });
        return rejectHttp(socket, 429, 'Too Many Requests');
      }
      socket.once('close', slot);
      if (docName === null) {
        wss.handleUpgrade(req, socket, head, (ws) => void accept(ctx, ws, 'collab-mux', EARLY_MUX_FRAME_LIMITS, () => authenticate(ctx, req, null, url), (identity) => bindMux(ctx, ws, identity)));
        return;
      }
      const name = docName;
      wss.handleUpgrade(req, socket, head, (ws) => void accept(ctx, ws, name, EARLY_FRAME_LIMITS, () => authenticate(ctx, req, name, url), (identity) => bindDocument(ctx, ws, identity, name)));
    };
    const answer = ctx.quota.acquire('socket', { address });
    // One server: answered at once, as before.
    if (isQuotaAnswer(answer)) return admit(answer);
    // A cluster counts in Redis. Until it answers the socket is not read (Node leaves an upgraded
    // socket paused), so nothing the client sends is lost, and a client that hung up is noticed
    // only once ws reads the socket: its close then frees the slot. A socket destroyed meanwhile
    // (an error, shutdown) gets a granted slot back at once instead: released exactly once either way.
    let gone = false;
    const hungUp = () => (gone = true);
    socket.once('close', hungUp);
    answer.then(
      (slot) => {
        socket.off('close', hungUp);
        if (gone || socket.destroyed) {
          if (typeof slot === 'function') slot();
          return;
        }
        guarded(req, socket, () => admit(slot));
      },
      (err: unknown) => {
        socket.off('close', hungUp);
        ctx.logger.error('websocket connection count failed', { error: err instanceof Error ? err.message : String(err) });
        if (!socket.destroyed) rejectHttp(socket, 503, 'Service Unavailable');
      },
    );
  };
  return {
    handle,
    terminateAll: () => {
      for (const ws of wss.clients) ws.terminate();
    },
  };
}

/** Close code for a client that sent too much before it was authenticated (policy violation). */
export const CLOSE_TOO_EARLY = 1008;

/**
 * Authenticates an accepted socket, keeping frames that arrive meanwhile in order (within
 * `limits`; beyond them the socket is closed with 1008), registers it under its session, then
 * hands the frames to the binding. Failures close with 4401 (or 1011 when the database failed).
 */
async function accept(
  ctx: AppContext,
  ws: WebSocket,
  label: string,
  limits: EarlyFrameLimits,
  authenticateSocket: () => ReturnType<typeof authenticate>,
  bind: (identity: CollabIdentity) => SocketBinding,
): Promise<void> {
  ws.binaryType = 'nodebuffer';
  const early = new EarlyFrames(limits);
  const buffer = (data: Buffer, isBinary: boolean) => {
    if (early.push(data, isBinary) || ws.readyState !== ws.OPEN) return;
    ctx.logger.warn('websocket refused: too much sent before authentication', { docName: label, reason: early.overflow });
    closeSocket(ws, CLOSE_TOO_EARLY, early.overflow ?? 'too much before authentication');
  };
  ws.on('message', buffer);
  ws.on('error', (err) => ctx.logger.warn('websocket error', { docName: label, error: err.message }));
  let auth: Awaited<ReturnType<typeof authenticate>>;
  try {
    auth = await authenticateSocket();
  } catch (err) {
    ctx.logger.error('websocket authentication failed', { error: (err as Error).message });
    closeSocket(ws, CLOSE.storeFailed, 'internal error');
    return;
  }
  if ('problem' in auth) {
    ctx.logger.warn('websocket refused', { docName: label, reason: auth.problem });
    closeSocket(ws, CLOSE.unauthenticated, auth.problem);
    return;
  }
  let identity: CollabIdentity;
  try {
    identity = await identityOf(ctx.db, auth.user);
  } catch (err) {
    ctx.logger.error('websocket identity lookup failed', { error: (err as Error).message });
    closeSocket(ws, CLOSE.storeFailed, 'internal error');
    return;
  }
  if (ws.readyState !== ws.OPEN) return;
  let userSlot = ctx.quota.acquire('socket', { userId: auth.user.id });
  if (!isQuotaAnswer(userSlot)) {
    // Counted in Redis (a cluster); early frames keep being buffered meanwhile.
    try {
      userSlot = await userSlot;
    } catch (err) {
      ctx.logger.error('websocket connection count failed', { error: (err as Error).message });
      closeSocket(ws, CLOSE.storeFailed, 'internal error');
      return;
    }
    // Closed while it was counted: a granted slot is given back here, never bound to the socket.
    if (ws.readyState !== ws.OPEN) {
      if (typeof userSlot === 'function') userSlot();
      return;
    }
  }
  if (typeof userSlot !== 'function') {
    ctx.logger.warn('websocket refused: too many sockets of one user', { docName: label, userId: auth.user.id });
    closeSocket(ws, CLOSE.tooMany, 'too many sockets for this user');
    return;
  }
  ws.once('close', userSlot);
  // Registered before the session is looked at once more: a logout that ends the session either
  // finds this socket in the registry, or happened before and the look below sees it.
  let binding: SocketBinding | null = null;
  const forget = ctx.sessionSockets.add(auth.sessionHash, {
    userId: auth.user.id,
    end: (code, reason) => {
      closeSocket(ws, code, reason);
      binding?.close();
    },
  });
  ws.on('close', () => {
    forget();
    binding?.close();
  });
  let live: boolean;
  try {
    live = (await findSessionUserId(ctx.db, auth.sessionHash)) === auth.user.id;
  } catch (err) {
    ctx.logger.error('websocket session check failed', { error: (err as Error).message });
    closeSocket(ws, CLOSE.storeFailed, 'internal error');
    return;
  }
  if (!live) {
    ctx.logger.warn('websocket refused', { docName: label, reason: 'session ended' });
    closeSocket(ws, CLOSE.unauthenticated, 'session ended');
    return;
  }
  if (ws.readyState !== ws.OPEN) return;
  const bound = bind(identity);
  binding = bound;
  ws.off('message', buffer);
  const receive = (data: Buffer, isBinary: boolean) => {
    // Once closing (session ended, refused, malformed), nothing more reaches the documents.
    if (ws.readyState !== ws.OPEN) return;
    if (!isBinary) return bound.refuseText();
    bound.receive(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
  };
  for (const [data, isBinary] of early.take()) receive(data, isBinary);
  ws.on('message', receive);
}

/** One document on its own socket: `/collab/:docName`. */
function bindDocument(ctx: AppContext, ws: WebSocket, identity: CollabIdentity, docName: string): SocketBinding {
  const close = (code: number, reason: string) => {
    if (code === CLOSE.notReading) ctx.logger.warn('websocket closed: the client does not read', { docName, userId: identity.userId, buffered: ws.bufferedAmount });
    closeSocket(ws, code, reason);
  };
  const conn = ctx.collab.connect({ send: (data) => ws.send(data), close, ...flowControl(ws) }, identity, docName);
  return {
    receive: (data) => ctx.collab.receive(conn, data),
    refuseText: () => {
      ctx.logger.warn('text frame on collab socket', { docName, userId: identity.userId });
      conn.close(CLOSE.badMessage, 'binary frames only');
      ctx.collab.disconnect(conn);
    },
    close: () => ctx.collab.disconnect(conn),
  };
}
