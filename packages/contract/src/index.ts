// Public surface of @hegao/contract: the API's shapes, once — zod schemas and the types inferred
// from them, used by the server (what it records and sends) and the web client (what it reads).
export type { AuditDetail, AuditEvent, AuditEventType, RecordedAuditEvent } from './auditEvents.js';
export { AUDIT_EVENT_DETAIL, AUDIT_EVENT_TYPES, isAuditEventType, parseAuditEvent, readAuditEvent } from './auditEvents.js';

export type { ReportEvent, ReportEventType } from './reportEvents.js';
export { REPORT_EVENT, REPORT_EVENT_TYPES, parseReportEvent } from './reportEvents.js';

export type { Board, BoardRow } from './board.js';
export { BOARD, BOARD_ROW } from './board.js';

export type { EditDecision, EditResolution, MergeChange, OfficeEdit, ParagraphChoice, ParagraphConflict, ParagraphMergeView } from './merge.js';
export {
  EDIT_DECISION,
  EDIT_RESOLUTION,
  MERGE_CHANGE,
  OFFICE_EDIT,
  PARAGRAPH_CHOICE,
  PARAGRAPH_CONFLICT,
  PARAGRAPH_MERGE_VIEW,
  parseOfficeEdits,
} from './merge.js';

export * from './reports.js';
export * from './office.js';
export * from './review.js';
export * from './versions.js';
export * from './history.js';
export * from './errors.js';
export * from './collab.js';
