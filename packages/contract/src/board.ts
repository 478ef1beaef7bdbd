/**
 * The progress board (`GET /api/reports/:id/board`): one row per written section (outline leaf),
 * with its measures and deadline. The server's presenter builds exactly this; the web's board
 * reads it.
 */
import { SECTION_STATUSES, type SectionStatus } from '@hegao/domain';
import { z } from 'zod';

/** One row of the board. */
export const BOARD_ROW = z.object({
  id: z.string(),
  /** The official number (一、 / （一） …), '' when unnumbered. */
  number: z.string(),
  title: z.string(),
  bureaus: z.array(z.object({ id: z.string(), name: z.string() })),
  status: z.enum(SECTION_STATUSES as readonly SectionStatus[] as [SectionStatus, ...SectionStatus[]]),
  /** 字数 of the section's live text (`countChars`). */
  chars: z.number().int().nonnegative(),
  /** Unfilled data placeholders (X处, `findPlaceholders`). */
  placeholders: z.number().int().nonnegative(),
  /** Who edited the text last and when (ISO 8601); `name` null for an account that no longer exists. */
  lastEdit: z.object({ userId: z.string(), name: z.string().nullable(), at: z.string() }).nullable(),
  /** The section's due date, or the report's when the section has none (`effectiveDueDate`), YYYY-MM-DD. */
  dueDate: z.string().nullable(),
  /** Calendar days (Asia/Shanghai) from today to the due date, negative when past; null without one. */
  daysToDue: z.number().int().nullable(),
  /** Past its due date and not yet handed in (neither submitted nor approved). */
  overdue: z.boolean(),
  /** When the office last reminded (催办) the section by hand, ISO 8601; null when never. */
  remindedAt: z.string().nullable(),
});

/** The whole board. */
export const BOARD = z.object({
  reportId: z.string(),
  /** The server's calendar day (YYYY-MM-DD) the days were counted from. */
  today: z.string(),
  sections: z.array(BOARD_ROW),
});

/** One row of the board. */
export type BoardRow = z.infer<typeof BOARD_ROW>;

/** The whole board. */
export type Board = z.infer<typeof BOARD>;
