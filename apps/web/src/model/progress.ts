import type { SectionStatus } from '../api/types';

/** Statuses drawn as bar segments, in drawing order; `not_started` is the empty track. */
export const PROGRESS_SEGMENT_ORDER = ['approved', 'submitted', 'drafting', 'returned'] as const;

/** A status that is drawn as a segment of the progress bar. */
export type ProgressSegmentStatus = (typeof PROGRESS_SEGMENT_ORDER)[number];

/** One coloured part of the progress bar. */
export interface ProgressSegment {
  status: ProgressSegmentStatus;
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
  const counts: Record<SectionStatus, number> = {
    not_started: clean(statusCounts.not_started),
    drafting: clean(statusCounts.drafting),
    submitted: clean(statusCounts.submitted),
    returned: clean(statusCounts.returned),
    approved: clean(statusCounts.approved),
  };
  const sum = Object.values(counts).reduce((a, b) => a + b, 0);
  const total = Math.max(clean(sectionCount), sum);
  const segments = PROGRESS_SEGMENT_ORDER.filter((status) => counts[status] > 0).map((status) => ({
    status,
    count: counts[status],
    fraction: counts[status] / total,
  }));
  const approvedPercent = total === 0 ? 0 : Math.floor((counts.approved / total) * 100);
  const label = total === 0 ? '尚未设置章节' : `已通过 ${counts.approved} / 共 ${total} 节`;
  return { total, counts, segments, approvedPercent, label };
}

/** Counts sections per status, e.g. for a loaded outline. */
export function countStatuses(sections: readonly { status: SectionStatus }[]): Record<SectionStatus, number> {
  const counts: Record<SectionStatus, number> = { not_started: 0, drafting: 0, submitted: 0, returned: 0, approved: 0 };
  for (const { status } of sections) {
    if (Object.hasOwn(counts, status)) counts[status] += 1;
  }
  return counts;
}

function clean(value: number | undefined): number {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? Math.floor(value) : 0;
}
