/** Reports and their outlines as the API answers them: the contract's shapes (packages/contract/src/reports.ts). */
import type { MySection, ReportDetail, ReportHead, ReportSummary, SectionView } from '@hegao/contract';
import {
  REPORT_STATUS_LABEL,
  SECTION_STATUSES,
  SECTION_STATUS_LABEL,
  effectiveDueDate,
  numberOutline,
  type Bureau,
  type Report,
  type SectionStatus,
  type User,
} from '@hegao/domain';
import type { SectionRecord } from '@hegao/storage';

/** Bureau and user lookups a presenter needs. */
export interface Lookups {
  bureaus: ReadonlyMap<string, Bureau>;
  users: ReadonlyMap<string, User>;
}

/** One section; `number` and `level` come from the outline (null when shown alone). */
export function presentSection(s: SectionRecord, place: { number: string; level: number } | null, maps: Lookups): SectionView {
  return {
    id: s.id,
    parentId: s.parentId,
    number: place?.number ?? '',
    title: s.title,
    level: place?.level ?? 0,
    numbered: s.numbered,
    bureaus: s.bureauIds.flatMap((id) => {
      const b = maps.bureaus.get(id);
      return b ? [{ id: b.id, name: b.name }] : [];
    }),
    status: s.status,
    statusLabel: SECTION_STATUS_LABEL[s.status],
    docName: s.docName,
    dueDate: s.dueDate,
    instruction: s.instruction,
    returnReason: s.returnReason,
    lastEdit:
      s.lastEditUserId && s.lastEditAt
        ? { userId: s.lastEditUserId, name: maps.users.get(s.lastEditUserId)?.name ?? null, at: new Date(s.lastEditAt).toISOString() }
        : null,
  };
}

/** Sections in outline order with their official numbers. */
export function presentSections(sections: readonly SectionRecord[], maps: Lookups): SectionView[] {
  const byId = new Map(sections.map((s) => [s.id, s]));
  return numberOutline(sections).flatMap((n) => {
    const s = byId.get(n.id);
    return s ? [presentSection(s, n, maps)] : [];
  });
}

/** Report header fields shared by list and detail. */
export function presentReportHead(report: Report): ReportHead {
  return {
    id: report.id,
    title: report.title,
    period: report.period,
    kind: report.kind,
    status: report.status,
    statusLabel: REPORT_STATUS_LABEL[report.status],
    dueDate: report.dueDate,
    version: report.version,
  };
}

/** A report in the list, with progress counts and the viewer's own sections. */
export function presentReportSummary(report: Report, sections: readonly SectionView[], viewer: User): ReportSummary {
  // Progress counts the sections that hold text: headings with sub-sections are not written.
  const parents = new Set(sections.map((s) => s.parentId).filter((id): id is string => id !== null));
  const leaves = sections.filter((s) => !parents.has(s.id));
  const statusCounts = Object.fromEntries(SECTION_STATUSES.map((s) => [s, 0])) as Record<SectionStatus, number>;
  for (const s of leaves) statusCounts[s.status]++;
  const mine = viewer.bureauId ? sections.filter((s) => s.bureaus.some((b) => b.id === viewer.bureauId)) : [];
  return {
    ...presentReportHead(report),
    sectionCount: leaves.length,
    statusCounts,
    // A section without its own date is due with the report.
    mySections: mine.map((s): MySection => ({ id: s.id, number: s.number, title: s.title, status: s.status, dueDate: effectiveDueDate(s, report) })),
  };
}

/** A report in full with its numbered outline (`presentSections`). */
export function presentReportDetail(report: Report & { finalDocName: string | null }, sections: SectionView[]): ReportDetail {
  return { ...presentReportHead(report), finalDocName: report.finalDocName, sections };
}
