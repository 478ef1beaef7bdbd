// What the final-draft page offers the signed-in user, from the same domain rules the server applies.
// Only a prediction for showing buttons: the server decides and its Chinese message is shown.
import { decide, isDone } from '@hegao/domain';
import type { Me, ReportDetail } from '../../api/types';
import { layoutOutline } from '../../model/outline';

/** The buttons and notes of the final-draft page. */
export interface FinalControls {
  /** 合稿 / 重新合稿 (null: not offered to this user in this state). */
  merge: { label: '合稿' | '重新合稿'; remerge: boolean } | null;
  /** Outline leaves not yet approved, as `（二）疫情防控`, in outline order. */
  pending: string[];
  /** 定稿 is offered. */
  lock: boolean;
  /** 解锁 is offered. */
  unlock: boolean;
  /** The report has been merged at least once (there is a final draft to show). */
  hasDraft: boolean;
}

type Actor = Pick<Me, 'id' | 'role' | 'bureau'>;

/**
 * The controls for a user and a report.
 *
 * @example
 * finalControls(secretary, reviewingReport).merge // { label: '合稿', remerge: false }
 */
export function finalControls(me: Actor, report: Pick<ReportDetail, 'status' | 'finalDocName' | 'sections'>): FinalControls {
  const actor = actorOf(me);
  const hasDraft = report.finalDocName !== null && report.finalDocName !== undefined && report.finalDocName !== '';
  const pending = layoutOutline(report.sections)
    .filter((row) => row.isLeaf && !isDone(row.section.status))
    .map((row) => `${row.section.number}${row.section.title}`);
  // Whether the sections are all approved is the server's to say (its 409 names them), so the button
  // is offered whenever role and report state allow a merge.
  const mayMerge = decide(actor, 'report.merge', { report, sectionsAllApproved: true }).ok;
  return {
    merge: mayMerge ? (hasDraft ? { label: '重新合稿', remerge: true } : { label: '合稿', remerge: false }) : null,
    pending,
    lock: hasDraft && decide(actor, 'report.lock', { report }).ok,
    unlock: decide(actor, 'report.unlock', { report, reason: '解锁' }).ok,
    hasDraft,
  };
}

/** The write right on the final draft as the rule predicts it, with the Chinese reason when read-only. */
export function predictFinalAccess(me: Actor, report: Pick<ReportDetail, 'status'>): { mode: 'read' | 'write'; reason: string } {
  const decision = decide(actorOf(me), 'report.editFinal', { report });
  return decision.ok ? { mode: 'write', reason: '' } : { mode: 'read', reason: decision.reason };
}

/** The 409 message a merge would get, worded as the server words it (up to 10 named, then 等). */
export function pendingMessage(pending: readonly string[]): string {
  if (pending.length === 0) return '';
  const listed = pending
    .slice(0, 10)
    .map((t) => `“${t}”`)
    .join('、');
  return `还有${pending.length}节未通过审核：${listed}${pending.length > 10 ? '等' : ''}，不能合稿`;
}

function actorOf(me: Actor) {
  return { id: me.id, role: me.role, bureauId: me.bureau?.id ?? null };
}
