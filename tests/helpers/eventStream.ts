/** A report's event stream (server-sent events) read as a browser page would, for assertions. */
import { expect } from 'vitest';
import { REPORT_EVENT, type ReportEvent } from '@hegao/contract';
import type { ApiClient } from './api.js';
import { waitFor } from './collabClient.js';

export interface EventStream {
  /** Everything received so far. */
  text(): string;
  /** The report events received so far, each checked against the contract's `REPORT_EVENT` (throws on one that does not fit). */
  events(): ReportEvent[];
  /** The JSON of every `data:` line received so far, as sent (the `ready` event's too). */
  data(): unknown[];
  /** True once the server ended the stream. */
  ended(): boolean;
  cancel(): Promise<void>;
}

/** Opens `reportId`'s event stream on the server at `baseUrl` under `api`'s session; resolves once it is ready. */
export async function openEventStream(baseUrl: string, api: ApiClient, reportId: string): Promise<EventStream> {
  const res = await fetch(`${baseUrl}/api/reports/${reportId}/events`, { headers: { cookie: api.cookie } });
  expect(res.status).toBe(200);
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let text = '';
  let ended = false;
  void (async () => {
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        text += decoder.decode(value, { stream: true });
      }
    } catch {
      // cancelled by the test
    }
    ended = true;
  })();
  await waitFor(() => text.includes('event: ready'), 'event stream ready');
  return {
    text: () => text,
    data: () => [...text.matchAll(/^data: (.*)$/gm)].map((m) => JSON.parse(m[1]!) as unknown),
    events: () =>
      [...text.matchAll(/^data: (.*)$/gm)]
        .map((m) => JSON.parse(m[1]!) as { type?: unknown })
        .filter((e) => e.type !== undefined)
        .map((e) => REPORT_EVENT.parse(e)),
    ended: () => ended,
    cancel: () => reader.cancel().catch(() => undefined),
  };
}
