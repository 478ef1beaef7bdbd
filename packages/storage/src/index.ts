/** Public surface of @hegao/storage: the SQL database, its DocStore and its repositories. */
export type { Db, TransactionLogger } from './db.js';
export { openSqlite } from './sqlite.js';
export { openPostgres } from './postgres.js';
export {
  TRANSACTION_ATTEMPTS,
  retryableTransactionError,
  runTransaction,
  type RunTransactionOptions,
} from './transaction.js';
export { countSqlite, type SqliteCounts } from './sqliteCounts.js';
export { LOCKED_VERSION_GUARD, migrate, type Dialect } from './migrations.js';
export { SqlDocStore, appendUpdates } from './SqlDocStore.js';
export { GENESIS_HASH, type ChainHead, type ChainKind } from './audit.js';
export { verifyAuditChain, type AuditFailure, type AuditProblem, type AuditResult } from './auditVerify.js';
export { newId } from './ids.js';
export type { Database } from './schema.js';
export {
  countUsers,
  createBureau,
  createUser,
  findBureau,
  findUserForLogin,
  getOrganisation,
  getUser,
  listBureaus,
  listUsers,
  setOrganisationName,
  setPasswordHash,
  setUserDisabled,
  UNNAMED_ORGANISATION,
} from './repos/organisation.js';
export { createSession, deleteSession, deleteUserSessions, findSessionUserId, liveSessionHashes, liveSessionHashesOf, purgeExpiredSessions } from './repos/sessions.js';
export { getOrCreateSetting, getSetting, setSetting } from './repos/settings.js';
export { markSectionReminded, sectionRemindedAt, sectionsRemindedAt } from './repos/reminders.js';
export { listEvents, recordEvent, type ListEventsOptions, type WorkflowEvent } from './repos/events.js';
export {
  assignSection,
  createReport,
  createSection,
  getReport,
  getSection,
  getSectionAnyState,
  getSectionByDocName,
  listReports,
  listSections,
  listSectionsOfBureau,
  sectionDocName,
  touchSectionEdit,
  transitionReportStatus,
  updateReportStatus,
  updateSectionStatus,
  type ReportRecord,
  type SectionRecord,
  type SectionRecordAnyState,
} from './repos/reports.js';
export {
  countDocUpdates,
  inTransaction,
  insertSections,
  listOutline,
  placeSections,
  softDeleteSections,
  updateSectionFields,
  type NewOutlineSection,
  type OutlinePlace,
  type SectionFieldsPatch,
  type SectionPlacement,
} from './repos/outline.js';
export { createComment, getComment, listComments, reopenComment, resolveComment, type CommentRecord } from './repos/comments.js';
export {
  countUnreadNotifications,
  createNotifications,
  getNotification,
  listNotifications,
  markAllNotificationsRead,
  markNotificationRead,
  type NewNotification,
  type NotificationRecord,
  type NotificationType,
} from './repos/notifications.js';
export {
  getVersion,
  lastDocSeq,
  listMergeSources,
  listVersions,
  lockVersion,
  recordMerge,
  undoMerge,
  unlockVersion,
  type MergeInput,
  type MergeSource,
  type MergeSourceInput,
  type VersionRecord,
  type VersionSummary,
} from './repos/versions.js';
export { attributedUpdates, eachAttributedUpdate, type AttributedUpdate } from './repos/docLog.js';
export { lockForSeeding } from './seedLock.js';
