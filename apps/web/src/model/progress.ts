import { SECTION_STATUSES, isDone, sectionPhase, type SectionPhase } from '@hegao/domain';
import type { SectionStatus } from '../api/types';

// Furthest along first; within a phase, the state table's order.
const PHASE_RANK: Record<SectionPhase, number> = { done: 0, review: 1, writing: 2, unassigned: 3 };

/** Every section state, furthest along first (the legend's order). */
export const PROGRESS_ORDER: readonly SectionStatus[] = [...SECTION_STATUSES].sort((a, b) => PHASE_RANK[sectionPhase(a)] - PHASE_RANK[sectionPhase(b)]);

/** States drawn as bar segments, in drawing order; unassigned sections are the empty track. */
export const PROGRESS_SEGMENT_ORDER: readonly SectionStatus[] = PROGRESS_ORDER.filter((s) => sectionPhase(s) !== 'unassigned');

/** One coloured part of the progress bar. */
export interface ProgressSegment {
  status: SectionStatus;
  count: number;
  /** Share of all sections, 0…1. */
  fraction: number;
}

/** Everything the progress bar and its caption need. */
export interface Progress {
  total: number;
  counts: Record<SectionStatus, number>;
  segments: ProgressSegment[];
  /** Share of approved sections, whole percent 0…100. */
  approvedPercent: number;
  /** Caption such as 已通过 3 / 共 12 节, or 尚未设置章节 for an empty outline. */
  label: string;
}

/**
 * Computes the progress of a report from its per-status section counts.
 * The total is the larger of `sectionCount` and the sum of the counts, so inconsistent
 * input never yields a bar wider than 100%. Missing or invalid counts are treated as 0.
 */
export function computeProgress(statusCounts: Partial<Record<SectionStatus, number>>, sectionCount: number): Progress {
  const counts = zeroCounts();
  for (const status of SECTION_STATUSES) counts[status] = clean(statusCounts[status]);
  const sum = Object.values(counts).reduce((a, b) => a + b, 0);
  const total = Math.max(clean(sectionCount), sum);
  const segments = PROGRESS_SEGMENT_ORDER.filter((status) => counts[status] > 0).map((status) => ({
    status,
    count: counts[status],
    fraction: counts[status] / total,
  }));
  const done = SECTION_STATUSES.filter(isDone).reduce((n, status) => n + counts[status], 0);
  const approvedPercent = total === 0 ? 0 : Math.floor((done / total) * 100);
  const label = total === 0 ? '尚未设置章节' : `已通过 ${done} / 共 ${total} 节`;
  return { total, counts, segments, approvedPercent, label };
}

/** Counts sections per status, e.g. for a loaded outline. */
export function countStatuses(sections: readonly { status: SectionStatus }[]): Record<SectionStatus, number> {
  const counts = zeroCounts();
  for (const { status } of sections) {
    if (Object.hasOwn(counts, status)) counts[status] += 1;
  }
  return counts;
}

function zeroCounts(): Record<SectionStatus, number> {
  return Object.fromEntries(SECTION_STATUSES.map((s) => [s, 0])) as Record<SectionStatus, number>;
}

function clean(value: number | undefined): number {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? Math.floor(value) : 0;
}
