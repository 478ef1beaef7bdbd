// Wire types of the signed-in user, the report list and a report with its outline: the contract's
// shapes (packages/contract/src/reports.ts), under the names the components use. Ids are strings.
import type { LastEdit, Me, MySection, ReportDetail, ReportHead, ReportSummary, SectionView, SectionWithWarnings } from '@hegao/contract';
import type { ReportStatus, Role, SectionStatus } from '@hegao/domain';

/** Role of an account; workflow states of a section and of a report (the domain's state table). */
export type { ReportStatus, Role, SectionStatus };

/** The signed-in user (`GET /api/me`, `user` of `POST /api/auth/login`) and a report of the list (`GET /api/reports`). */
export type { LastEdit, Me, MySection, ReportDetail, ReportSummary, SectionView, SectionWithWarnings };

/** A bureau as embedded in the signed-in user. */
export type Bureau = NonNullable<Me['bureau']>;

/** The fields of a report both in the list and in full. */
export type ReportBase = ReportHead;

/** One section of `GET /api/reports/:id`, in outline order (the contract's `SectionView`). */
export type ReportSection = SectionView;
