/**
 * `GET /api/reports/:id/events`: server-sent events of one report's metadata changes. The stream is
 * registered under its login session like a collaboration socket, so a logout, a password reset or
 * an expired session ends it too (collab/sessionSockets.ts).
 */
import { Hono } from 'hono';
import { streamSSE } from 'hono/streaming';
import { decide } from '@hegao/domain';
import { getReport, liveSessionHashes } from '@hegao/storage';
import { ApiError, notFound, refusal } from '../http/ApiError.js';
import { clientAddress } from '../http/clientAddress.js';
import { isQuotaAnswer } from '../http/connectionQuota.js';
import type { HonoEnv } from '../http/env.js';
import { requireUser } from '../http/middleware.js';
import type { ReportEvent } from '../events/ReportEvents.js';

const HEARTBEAT_MS = 25_000;

/** Route for the report event stream. */
export const eventRoutes = new Hono<HonoEnv>().get('/reports/:id/events', requireUser, async (c) => {
  const ctx = c.get('ctx');
  const report = await getReport(ctx.db, c.req.param('id'));
  if (!report) throw notFound('报告');
  const decision = decide(c.get('user')!, 'report.read', { report });
  if (!decision.ok) throw refusal(decision.code, decision.reason);
  const user = c.get('user')!;
  const sessionHash = c.get('sessionHash');
  const answer = ctx.quota.acquire('stream', { userId: user.id, address: clientAddress(c) });
  // A cluster counts in Redis: the client may have gone meanwhile, then the slot goes back at once.
  const slot = isQuotaAnswer(answer) ? answer : await answer;
  if (typeof slot === 'function' && !isQuotaAnswer(answer) && c.req.raw.signal.aborted) {
    slot();
    return c.body(null, 204);
  }
  if (typeof slot !== 'function') {
    ctx.logger.warn('event stream refused: too many open', { userId: user.id, by: slot });
    throw new ApiError(429, 'too_many_streams', '打开的页面过多，请关闭其他窗口或标签页后刷新本页');
  }
  return streamSSE(c, async (stream) => {
    const queue: ReportEvent[] = [];
    let wake: (() => void) | null = null;
    let ended = false;
    const off = ctx.events.subscribe(report.id, (event) => {
      queue.push(event);
      wake?.();
    });
    const forget = sessionHash
      ? ctx.sessionSockets.add(sessionHash, {
          userId: user.id,
          end: () => {
            ended = true;
            wake?.();
          },
        })
      : () => undefined;
    stream.onAbort(() => {
      off();
      wake?.();
    });
    // A logout between the session check of this request and the registration above ended
    // nothing here: look once more now that a later end would reach this stream.
    if (sessionHash && !(await liveSessionHashes(ctx.db, [sessionHash])).has(sessionHash)) ended = true;
    try {
      if (!ended) await stream.writeSSE({ event: 'ready', data: JSON.stringify({ reportId: report.id }) });
      while (!ended && !stream.aborted && !stream.closed) {
        const next = queue.shift();
        if (next) {
          await stream.writeSSE({ event: next.type, data: JSON.stringify(next) });
          continue;
        }
        await new Promise<void>((resolve) => {
          wake = resolve;
          setTimeout(resolve, HEARTBEAT_MS).unref();
        });
        wake = null;
        if (queue.length === 0 && !ended && !stream.aborted) await stream.write(': keep-alive\n\n');
      }
    } finally {
      off();
      forget();
      slot();
    }
  });
});
