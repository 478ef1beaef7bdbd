// Which stretches of the final draft came from which section, and where their margin labels go.
// Pure: the gutter measures the editor's blocks and hands the numbers in.
import type { ReportSection } from '../../api/types';

/** One top-level block of the final draft as measured on screen (px from the top of the editor). */
export interface MeasuredBlock {
  /** `data-source`: the id of the section the block came from, or null (added by the office). */
  source: string | null;
  top: number;
  bottom: number;
}

/** Consecutive blocks from the same section. */
export interface SourceRun {
  source: string;
  top: number;
  bottom: number;
  /** Index of the run's first block among the top-level blocks. */
  firstBlock: number;
}

/** A run with the place of its label: pushed down when the run above left no room. */
export interface PlacedRun extends SourceRun {
  labelTop: number;
}

/** What a margin label says about its section. */
export interface SourceLabel {
  /** `（二）疫情防控`; null when the section no longer exists. */
  title: string | null;
  /** The bureaus that wrote it, e.g. 卫健局、发改局. */
  bureaus: string;
}

/**
 * Groups measured blocks into runs of one section. Blocks without a source end a run and belong to
 * none; the same section appearing again later starts a new run.
 *
 * @example
 * groupRuns([{ source: 'a', top: 0, bottom: 20 }, { source: 'a', top: 20, bottom: 60 }])
 * // [{ source: 'a', top: 0, bottom: 60, firstBlock: 0 }]
 */
export function groupRuns(blocks: readonly MeasuredBlock[]): SourceRun[] {
  const runs: SourceRun[] = [];
  let current: SourceRun | null = null;
  blocks.forEach((block, index) => {
    if (block.source === null) {
      current = null;
      return;
    }
    if (current && current.source === block.source) {
      current.bottom = Math.max(current.bottom, block.bottom);
      return;
    }
    current = { source: block.source, top: block.top, bottom: block.bottom, firstBlock: index };
    runs.push(current);
  });
  return runs;
}

/** Places each run's label at the run's top, or just below the previous label when they would overlap. */
export function placeLabels(runs: readonly SourceRun[], labelHeight: number, gap = 4): PlacedRun[] {
  let floor = -Infinity;
  return runs.map((run) => {
    const labelTop = Math.max(run.top, floor);
    floor = labelTop + labelHeight + gap;
    return { ...run, labelTop };
  });
}

/** Whether two placements would draw the same (so the gutter can skip a re-render). */
export function samePlacement(a: readonly PlacedRun[], b: readonly PlacedRun[]): boolean {
  return (
    a.length === b.length &&
    a.every((run, i) => {
      const other = b[i]!;
      return run.source === other.source && run.firstBlock === other.firstBlock && run.top === other.top && run.bottom === other.bottom && run.labelTop === other.labelTop;
    })
  );
}

/** Labels for every section of the report, by section id. */
export function sourceLabels(sections: readonly ReportSection[]): Map<string, SourceLabel> {
  return new Map(
    sections.map((s) => [
      s.id,
      { title: `${s.number}${s.title}`, bureaus: s.bureaus.map((b) => b.name).join('、') },
    ]),
  );
}

/** The label of a source, also for a section that has since been deleted from the outline. */
export function labelOf(labels: ReadonlyMap<string, SourceLabel>, source: string): SourceLabel {
  return labels.get(source) ?? { title: null, bureaus: '' };
}
