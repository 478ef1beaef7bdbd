/**
 * `POST /api/collab/token` (docs/api.md, "Collaboration"): a short-lived token for one document,
 * for clients that cannot send the session cookie on the WebSocket (the stock y-websocket provider
 * puts it in `?token=`).
 */
import { z } from 'zod';
import { MOMENT } from './reports.js';

/** The request: which document the token opens (a section's or a final draft's `docName`). */
export const COLLAB_TOKEN_REQUEST = z.object({ docName: z.string().min(1).max(200) });

/** The answer. */
export const COLLAB_TOKEN = z.object({
  /** Opens `docName` for the user who asked, while their session lasts; refused (4401) once expired. */
  token: z.string().min(1),
  docName: z.string(),
  /** When a new connection stops accepting it; an open connection outlives it. */
  expiresAt: MOMENT,
});

export type CollabTokenRequest = z.infer<typeof COLLAB_TOKEN_REQUEST>;
export type CollabToken = z.infer<typeof COLLAB_TOKEN>;
