import { decide } from '@hegao/domain';
import type { Me, ReportStatus, SectionStatus } from '../api/types';
import type { ConnectionStatus } from '../collab/connectionStatus';

/** What the signed-in user may do with a section's text, as the UI expects it before the server says. */
export interface PredictedAccess {
  mode: 'read' | 'write';
  /** Chinese reason when read-only, '' when writable. */
  reason: string;
}

interface SectionFacts {
  status: SectionStatus;
  bureaus: readonly { id: string }[];
}

/**
 * Predicts the write right on a section with the same rule the server applies (@hegao/domain's
 * `section.edit`). Only a prediction: the server's access message decides, and it refuses writes
 * regardless. Used to open editors offline and to word the read-only reason while connecting.
 */
export function predictAccess(me: Pick<Me, 'id' | 'role' | 'bureau'>, reportStatus: ReportStatus, section: SectionFacts): PredictedAccess {
  const decision = decide(actorOf(me), 'section.edit', {
    report: { status: reportStatus },
    section: { status: section.status, bureauIds: section.bureaus.map((b) => b.id) },
  });
  return decision.ok ? { mode: 'write', reason: '' } : { mode: 'read', reason: decision.reason };
}

/** Whether the user may submit the section (the 提交 button): an assigned bureau's editor while 编写中/已退回. */
export function maySubmit(me: Pick<Me, 'id' | 'role' | 'bureau'>, reportStatus: ReportStatus, section: SectionFacts): boolean {
  return decide(actorOf(me), 'section.submit', {
    report: { status: reportStatus },
    section: { status: section.status, bureauIds: section.bureaus.map((b) => b.id) },
  }).ok;
}

function actorOf(me: Pick<Me, 'id' | 'role' | 'bureau'>) {
  return { id: me.id, role: me.role, bureauId: me.bureau?.id ?? null };
}

/**
 * Whether a report card lists the user's own sections: always for editors (an empty list says so),
 * and for the office when it writes sections itself (存在问题和不足); leaders have none.
 */
export function listsOwnSections(me: Pick<Me, 'role'>, report: { mySections?: readonly unknown[] }): boolean {
  return me.role === 'editor' || (report.mySections ?? []).length > 0;
}

/** What a section's connection knows of its access, as `readOnlyReason` needs it. */
export interface KnownAccess {
  status: ConnectionStatus;
  /** The server's reason ('' when it gave none). */
  reason: string;
  /** Whether the server has told this connection its access yet. */
  accessKnown: boolean;
}

/**
 * The words after 只读： on a read-only section: the server's reason once it has spoken; before
 * that the rule's prediction when the rule says read-only, otherwise why editing is not open yet.
 */
export function readOnlyReason(me: Pick<Me, 'id' | 'role' | 'bureau'>, reportStatus: ReportStatus, section: SectionFacts, access: KnownAccess): string {
  if (access.accessKnown) return access.reason || '暂不可编辑';
  const predicted = predictAccess(me, reportStatus, section);
  if (predicted.mode === 'read') return predicted.reason || '暂不可编辑';
  return access.status === 'offline' ? '离线，暂时无法确认编辑权限' : '正在连接，稍后即可编辑';
}
