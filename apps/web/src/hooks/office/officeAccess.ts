import { decide } from '@hegao/domain';
import type { Me, ReportStatus } from '../../api/types';

/** Whether the user may do an office action, with the domain's Chinese reason when not. */
export interface OfficeAccess {
  allowed: boolean;
  /** '' when allowed. */
  reason: string;
}

function actorOf(me: Pick<Me, 'id' | 'role' | 'bureau'>) {
  return { id: me.id, role: me.role, bureauId: me.bureau?.id ?? null };
}

/**
 * Whether the user may edit the outline and assignments of a report in this state — the rule the
 * server applies (@hegao/domain's `report.editOutline`), so the page shows controls only where
 * they work, e.g. 「报告正在合稿，不能调整大纲」 once merging.
 */
export function outlineAccess(me: Pick<Me, 'id' | 'role' | 'bureau'>, reportStatus: ReportStatus): OfficeAccess {
  const decision = decide(actorOf(me), 'report.editOutline', { report: { status: reportStatus } });
  return decision.ok ? { allowed: true, reason: '' } : { allowed: false, reason: decision.reason };
}

/** Whether the user may create reports (`report.create`: the office). */
export function createAccess(me: Pick<Me, 'id' | 'role' | 'bureau'>): OfficeAccess {
  const decision = decide(actorOf(me), 'report.create');
  return decision.ok ? { allowed: true, reason: '' } : { allowed: false, reason: decision.reason };
}
