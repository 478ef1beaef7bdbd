// Which review actions (通过, 退回, 重新打开) the signed-in user has on a section.
import { decide, isAwaitingReview, isDone } from '@hegao/domain';
import type { Me, ReportStatus, SectionStatus } from '../../api/types';

/** The review buttons a section card shows. */
export interface ReviewActions {
  /** 通过 (submitted → approved). */
  approve: boolean;
  /** 退回 with a reason (submitted → returned). */
  return: boolean;
  /** 重新打开 an approved section (→ returned; while 合稿中 the report goes back to 审核中). */
  reopen: boolean;
}

interface SectionFacts {
  status: SectionStatus;
  bureaus: readonly { id: string }[];
}

/** The review actions allowed by the domain's rules (the server decides again). */
export function reviewActions(me: Pick<Me, 'id' | 'role' | 'bureau'>, reportStatus: ReportStatus, section: SectionFacts): ReviewActions {
  const actor = { id: me.id, role: me.role, bureauId: me.bureau?.id ?? null };
  const resource = {
    report: { status: reportStatus },
    section: { status: section.status, bureauIds: section.bureaus.map((b) => b.id) },
  };
  const approve = decide(actor, 'section.approve', resource).ok;
  // The reason is asked for in the dialog; any reason stands in for it here.
  const mayReturn = decide(actor, 'section.return', { ...resource, reason: '理由' }).ok;
  return {
    approve,
    return: mayReturn && isAwaitingReview(section.status),
    reopen: mayReturn && isDone(section.status),
  };
}
