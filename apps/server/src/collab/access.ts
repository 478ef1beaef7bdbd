/**
 * The AccessResolver of the collab core: document name → section or report final draft → the
 * domain's decide(). Section documents are `section-<id>`, a report's final draft `final-<reportId>`.
 */
import type { Access, AccessResolver } from '@hegao/collab';
import { decide, type User } from '@hegao/domain';
import { getReport, getSectionByDocName, getUser, type Db, type ReportRecord } from '@hegao/storage';

const FINAL_PREFIX = 'final-';

/** Name of the Yjs document holding a report's merged final draft (合稿). */
export function finalDocName(reportId: string): string {
  return `${FINAL_PREFIX}${reportId}`;
}

/** Why nobody may change a locked report's final draft. */
export function lockedReason(version: number): string {
  return `报告已定稿（第${version}版），不能修改；如需修改请先解锁`;
}

/** Creates the resolver used for every connection and every access refresh (sections and final drafts). */
export function sectionAccess(db: Db): AccessResolver {
  return async (identity, docName): Promise<Access | null> => {
    if (docName.startsWith(FINAL_PREFIX)) {
      const report = await getReport(db, docName.slice(FINAL_PREFIX.length));
      // Before the first merge the final draft does not exist.
      if (!report || report.finalDocName !== docName) return null;
      const user = await activeUser(db, identity.userId);
      return user ? finalDraftAccess(user, report) : { read: false, write: false, reason: '账号已停用' };
    }
    const section = await getSectionByDocName(db, docName);
    if (!section) return null;
    const report = await getReport(db, section.reportId);
    if (!report) return null;
    const user = await activeUser(db, identity.userId);
    if (!user) return { read: false, write: false, reason: '账号已停用' };
    const read = decide(user, 'section.read', { report, section });
    if (!read.ok) return { read: false, write: false, reason: read.reason };
    const write = decide(user, 'section.edit', { report, section });
    return { read: true, write: write.ok, reason: write.ok ? '' : write.reason };
  };
}

/** Everyone who may read the report reads its final draft; only the office writes it, while merging. */
export function finalDraftAccess(user: User, report: ReportRecord): Access {
  const read = decide(user, 'report.read', { report });
  if (!read.ok) return { read: false, write: false, reason: read.reason };
  if (report.status === 'locked') return { read: true, write: false, reason: lockedReason(report.version) };
  const write = decide(user, 'report.editFinal', { report });
  return { read: true, write: write.ok, reason: write.ok ? '' : write.reason };
}

// Re-read the user on every check: a disabled account loses access on the next refresh.
async function activeUser(db: Db, userId: string): Promise<User | null> {
  const user = await getUser(db, userId);
  return user && !user.disabled ? user : null;
}
