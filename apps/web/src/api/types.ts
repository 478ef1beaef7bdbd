// Wire types of the REST API (see docs/api.md). Shapes only; no behaviour here.
import type { ReportStatus, SectionStatus } from '@hegao/domain';

/** Identifier of a server entity; the server decides whether it is numeric or textual. */
export type Id = string | number;

/** Role of an account. */
export type Role = 'secretary' | 'editor' | 'leader';

/** Workflow states of a section and of a report: the domain's state table (packages/domain/src/states.ts). */
export type { ReportStatus, SectionStatus };

/** A bureau as embedded in the signed-in user. */
export interface Bureau {
  id: Id;
  name: string;
  /** CSS colour used for the bureau's marker. */
  color: string;
  /** True for the general office (办公室). */
  isOffice?: boolean;
}

/** The signed-in user, from `GET /api/me` and `POST /api/auth/login`. */
export interface Me {
  id: Id;
  username: string;
  name: string;
  role: Role;
  bureau: Bureau | null;
  /** The government this installation serves, e.g. 示例区人民政府. */
  organisation: { name: string };
}

/** A section assigned to the signed-in user's bureau, as listed in a report summary. */
export interface MySection {
  id: Id;
  /** Official heading number such as `（二）`. */
  number: string;
  title: string;
  status: SectionStatus;
  /** `YYYY-MM-DD` or null. */
  dueDate: string | null;
}

/** The fields of a report both in the list and in full. */
export interface ReportBase {
  id: Id;
  title: string;
  period: string;
  kind: string;
  status: ReportStatus;
  /** `YYYY-MM-DD` or null. */
  dueDate: string | null;
  version: number;
}

/** One entry of `GET /api/reports`. */
export interface ReportSummary extends ReportBase {
  sectionCount: number;
  statusCounts: Record<SectionStatus, number>;
  mySections: MySection[];
}

/** One section of `GET /api/reports/:id`, in outline order. */
export interface ReportSection {
  id: Id;
  number: string;
  title: string;
  level: number;
  parentId: Id | null;
  bureaus: { id: Id; name: string }[];
  status: SectionStatus;
  docName: string;
  dueDate: string | null;
  instruction: string | null;
  /** The secretary's reason when the section was returned (已退回). */
  returnReason?: string | null;
  /** Who last changed the text, and when (ISO 8601). */
  lastEdit?: LastEdit | null;
}

/** The last recorded edit of a section's text. */
export interface LastEdit {
  userId: Id;
  /** Null when the account no longer exists. */
  name: string | null;
  /** ISO 8601. */
  at: string;
}

/** The full report from `GET /api/reports/:id`. */
export interface ReportDetail extends ReportBase {
  finalDocName: string | null;
  sections: ReportSection[];
}
