/** Public surface of @hegao/storage: the SQL database, its DocStore and its repositories. */
export { openSqlite, type Db } from './sqlite.js';
export { migrate, type Dialect } from './migrations.js';
export { SqlDocStore } from './SqlDocStore.js';
export { newId } from './ids.js';
export type { Database } from './schema.js';
export {
  countUsers,
  createBureau,
  createUser,
  findBureau,
  findUserForLogin,
  getUser,
  listBureaus,
  listUsers,
  setPasswordHash,
  setUserDisabled,
} from './repos/organisation.js';
export { createSession, deleteSession, deleteUserSessions, findSessionUserId, purgeExpiredSessions } from './repos/sessions.js';
export { getOrCreateSetting } from './repos/settings.js';
export { listEvents, recordEvent, type WorkflowEvent } from './repos/events.js';
export {
  assignSection,
  createReport,
  createSection,
  getReport,
  getSection,
  getSectionByDocName,
  listReports,
  listSections,
  listSectionsOfBureau,
  sectionDocName,
  touchSectionEdit,
  updateReportStatus,
  updateSectionStatus,
  type ReportRecord,
  type SectionRecord,
} from './repos/reports.js';
