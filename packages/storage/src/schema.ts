/** Table types of the 合稿 database, shared by the SQLite and PostgreSQL dialects. */
import type { Generated, Insertable, Selectable, Updateable } from 'kysely';

/** Organisation units: the 办公室 and each bureau. */
export interface BureauTable {
  id: string;
  name: string;
  is_office: number;
  color: string;
  created_at: number;
}

/** Accounts. `password_hash` is scrypt in PHC-like format, see apps/server/src/auth/password.ts. */
export interface UserTable {
  id: string;
  username: string;
  name: string;
  role: string;
  bureau_id: string | null;
  password_hash: string;
  disabled: number;
  created_at: number;
}

/** Login sessions; only the SHA-256 of the cookie token is stored. */
export interface SessionTable {
  token_hash: string;
  user_id: string;
  created_at: number;
  expires_at: number;
}

/** Reports (one per 总结 / 要点 / 讲话). */
export interface ReportTable {
  id: string;
  title: string;
  period: string;
  kind: string;
  due_date: string | null;
  status: string;
  version: number;
  created_by: string | null;
  created_at: number;
  updated_at: number;
  final_doc_name: Generated<string | null>;
  merged_at: Generated<number | null>;
}

/** Outline nodes; each has its own Yjs document named `doc_name`. */
export interface SectionTable {
  id: string;
  report_id: string;
  parent_id: string | null;
  position: number;
  title: string;
  status: string;
  due_date: string | null;
  instruction: string;
  doc_name: string;
  return_reason: string | null;
  last_edit_user_id: string | null;
  last_edit_at: number | null;
  created_at: number;
  updated_at: number;
  deleted_at: number | null;
  numbered: Generated<number>;
  /** Last 催办 by the office (epoch ms), null when never (0007). */
  reminded_at: number | null;
}

/** Assignment of sections to bureaus (many to many). */
export interface SectionBureauTable {
  section_id: string;
  bureau_id: string;
}

/** Workflow events: who did what, when, to which section, and why. */
export interface EventTable {
  id: Generated<number>;
  report_id: string | null;
  section_id: string | null;
  actor_id: string | null;
  type: string;
  detail: string;
  created_at: number;
}

/** The append-only update log of every Yjs document. */
export interface DocUpdateTable {
  seq: Generated<number>;
  doc_name: string;
  data: Uint8Array;
  user_id: string;
  bureau_id: string | null;
  connection_id: string;
  created_at: number;
}

/** Merged document states; the log is never truncated behind them. */
export interface DocCheckpointTable {
  doc_name: string;
  upto_seq: number;
  data: Uint8Array;
  created_at: number;
}

/** Yjs clientID → the user it was first used by, per document. */
export interface DocClientTable {
  doc_name: string;
  client_id: number;
  user_id: string;
  created_at: number;
}

/** Locked versions of a report's final draft (immutable). */
export interface ReportVersionTable {
  report_id: string;
  version: number;
  sha256: string;
  content_json: string;
  state: Uint8Array;
  locked_by: string;
  locked_at: number;
  unlocked_by: string | null;
  unlocked_at: number | null;
  unlock_reason: string | null;
  /** The audit chain's head when the version was locked (0005; null for versions locked before). */
  chain_seq: Generated<number | null>;
  chain_head: Generated<string | null>;
}

/**
 * The audit chain (0005): one record per event, stored batch of text updates, comment and locked
 * version, each with the SHA-256 of the previous record and of its own canonical content. See audit.ts.
 */
export interface AuditChainTable {
  seq: number;
  /** 'event' | 'updates' | 'comment' | 'version' */
  kind: string;
  /** The row(s) covered: an event id, runs of doc_updates seqs ("5-9,12"), a comment id, "reportId/version". */
  ref: string;
  prev_hash: string;
  hash: string;
  created_at: number;
}

/** What the latest merge took from each section. */
export interface MergeSourceTable {
  report_id: string;
  section_id: string;
  merged_at: number;
  source_seq: number;
  text: string;
  /** Canonical JSON of the blocks the merge wrote for the section; null in rows from before it was recorded. */
  blocks_json: string | null;
}

/** Comments (批注) anchored to a text range with Yjs relative positions (base64). */
export interface CommentTable {
  id: string;
  report_id: string;
  doc_name: string;
  section_id: string | null;
  parent_id: string | null;
  anchor_from: string | null;
  anchor_to: string | null;
  quote: string;
  body: string;
  author_id: string;
  created_at: number;
  resolved_by: string | null;
  resolved_at: number | null;
}

/** In-app notifications per user. */
export interface NotificationTable {
  id: Generated<number>;
  user_id: string;
  type: string;
  report_id: string | null;
  section_id: string | null;
  message: string;
  detail: string;
  dedupe_key: string | null;
  created_at: number;
  read_at: number | null;
}

/** Server settings such as the token signing secret. */
export interface SettingTable {
  key: string;
  value: string;
}

/** The whole database. */
export interface Database {
  bureaus: BureauTable;
  users: UserTable;
  sessions: SessionTable;
  reports: ReportTable;
  sections: SectionTable;
  section_bureaus: SectionBureauTable;
  events: EventTable;
  doc_updates: DocUpdateTable;
  doc_checkpoints: DocCheckpointTable;
  doc_clients: DocClientTable;
  settings: SettingTable;
  report_versions: ReportVersionTable;
  merge_sources: MergeSourceTable;
  comments: CommentTable;
  notifications: NotificationTable;
  audit_chain: AuditChainTable;
}

export type BureauRow = Selectable<BureauTable>;
export type UserRow = Selectable<UserTable>;
export type ReportRow = Selectable<ReportTable>;
export type SectionRow = Selectable<SectionTable>;
export type EventRow = Selectable<EventTable>;
export type NewSection = Insertable<SectionTable>;
export type SectionPatch = Updateable<SectionTable>;
