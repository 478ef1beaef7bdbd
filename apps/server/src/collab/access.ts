/** The AccessResolver of the collab core: document name → section → the domain's decide(). */
import type { Access, AccessResolver } from '@hegao/collab';
import { decide } from '@hegao/domain';
import { getReport, getSectionByDocName, getUser, type Db } from '@hegao/storage';

/** Creates the resolver used for every connection and every access refresh. */
export function sectionAccess(db: Db): AccessResolver {
  return async (identity, docName): Promise<Access | null> => {
    const section = await getSectionByDocName(db, docName);
    if (!section) return null;
    const report = await getReport(db, section.reportId);
    if (!report) return null;
    // Re-read the user: a disabled account loses access on the next refresh.
    const user = await getUser(db, identity.userId);
    if (!user || user.disabled) return { read: false, write: false, reason: '账号已停用' };
    const read = decide(user, 'section.read', { report, section });
    if (!read.ok) return { read: false, write: false, reason: read.reason };
    const write = decide(user, 'section.edit', { report, section });
    return { read: true, write: write.ok, reason: write.ok ? '' : write.reason };
  };
}
