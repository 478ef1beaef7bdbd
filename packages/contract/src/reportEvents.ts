/**
 * The live events of a report (`GET /api/reports/:id/events`, server-sent events; docs/api.md):
 * one union keyed by `type`, published by the server's ReportEvents and read by the web's report
 * stream. Each event only says what changed; clients refetch what they show.
 */
import { z } from 'zod';

const base = {
  reportId: z.string(),
  /** Server time, ISO 8601. */
  at: z.string(),
  /** Who caused it, when a person did. */
  userId: z.string().optional(),
};

/** Every event type the stream carries, with its own fields. */
export const REPORT_EVENT = z.discriminatedUnion('type', [
  /** A section's workflow state changed (提交, 通过, 退回…). */
  z.object({ type: z.literal('section.status'), sectionId: z.string(), ...base }),
  /** A section's bureaus, due date or 写作要求 changed. */
  z.object({ type: z.literal('section.assignment'), sectionId: z.string(), ...base }),
  /** A section's text was edited (or restored): `userName` lets pages show 最后编辑 without refetching. */
  z.object({ type: z.literal('section.edit'), sectionId: z.string(), userName: z.string().optional(), ...base }),
  /** The report's state changed (送审, 合稿, 定稿…), or a server lost events and asks for a refetch. */
  z.object({ type: z.literal('report.status'), ...base }),
  /** The outline changed; `sectionId` is the section added, renamed, moved or deleted. */
  z.object({ type: z.literal('report.outline'), sectionId: z.string().optional(), ...base }),
  /** A comment thread on a section (or the final draft, without `sectionId`) changed. */
  z.object({ type: z.literal('comment'), sectionId: z.string().optional(), ...base }),
  /** Someone got a notification about this report. */
  z.object({ type: z.literal('notification'), ...base }),
]);

/** One live event of a report. */
export type ReportEvent = z.infer<typeof REPORT_EVENT>;

/** Its type. */
export type ReportEventType = ReportEvent['type'];

/** Every type, in the union's order (the stream's SSE event names). */
export const REPORT_EVENT_TYPES = REPORT_EVENT.options.map((o) => o.shape.type.value) as readonly ReportEventType[];

/** The event in an SSE message's data, or null when it is not one this contract knows. */
export function parseReportEvent(data: string): ReportEvent | null {
  let json: unknown;
  try {
    json = JSON.parse(data);
  } catch {
    return null;
  }
  const parsed = REPORT_EVENT.safeParse(json);
  return parsed.success ? parsed.data : null;
}
