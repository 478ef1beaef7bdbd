import type { Board, BoardRow } from '@hegao/contract';
import { type HttpMethod, requestJson } from './request';
import type { Id, ReportDetail, ReportSection } from './types';

// Wire types of the office endpoints (docs/api.md "Templates and outline editing", the board and bureaus).

/** One entry of a template's outline, depth-first as the report will show it. */
export interface TemplateEntry {
  title: string;
  level: number;
  /** Official number such as `（一）`, '' for an unnumbered block (导语). */
  number: string;
  numbered: boolean;
  /** Name of the bureau the section goes to by default, e.g. 卫健局. */
  defaultBureau: string | null;
  /** 写作要求. */
  instruction: string;
}

/** A report template from `GET /api/templates`; several may share a kind (e.g. three half-year shapes). */
export interface ReportTemplate {
  /** What `POST /api/reports` takes as `templateId`, e.g. `half_year_city`. */
  id: string;
  /** The kind of report it creates, e.g. `half_year`. */
  kind: string;
  name: string;
  /** Which real report the outline follows, e.g. `按某市2020年上半年工作总结的结构`. */
  source: string;
  /** e.g. `{地区}{年份}年上半年工作总结及下半年工作计划`. */
  titlePattern: string;
  /** e.g. `{年份}年上半年`. */
  periodPattern: string;
  /** Sections that will be written (outline leaves). */
  sectionCount: number;
  outline: TemplateEntry[];
}

/** A bureau from `GET /api/bureaus`. */
export interface BureauOption {
  id: string;
  name: string;
  color: string;
  isOffice: boolean;
}

/** A section of `GET /api/reports/:id` with the outline fields the office edits. */
export interface OutlineSection extends ReportSection {
  /** False for an unnumbered block (导语, 结束语); older servers may omit it. */
  numbered?: boolean;
}

/**
 * What a sub-section added under a leaf took over from it (docs/api.md, "A leaf becomes a
 * heading"): the leaf is now a bare heading.
 */
export interface SectionHandOver {
  fromId: string;
  fromTitle: string;
  bureauIds: string[];
  dueDate: string | null;
  instruction: string;
  status: string;
  /** The leaf's text moved with its document. */
  text: boolean;
  comments: number;
  notifications: number;
}

/** Answer of `POST /api/reports/:id/sections`. */
export interface AddedSection extends OutlineSection {
  handOver?: SectionHandOver;
  /** Bureaus (and due date) taken from the sibling sub-sections under a heading. */
  inherited?: { bureauIds: string[]; dueDate: string | null };
}

/** Body of `POST /api/reports`. */
export interface NewReportInput {
  /** The chosen template's id (the server still accepts the older `templateKind`). */
  templateId: string;
  title: string;
  period: string;
  /** `YYYY-MM-DD`. */
  dueDate: string;
}

/** Where a section goes: the `index`-th child (0-based) of `parentId` (null: top level). */
export interface OutlinePlace {
  parentId: string | null;
  index: number;
}

/** Fields `PATCH /api/sections/:id` changes. */
export interface SectionPatch {
  title?: string;
  dueDate?: string | null;
  instruction?: string;
  numbered?: boolean;
}

/** Body of `PUT /api/sections/:id/assignment`. */
export interface AssignmentInput {
  bureauIds: string[];
  dueDate: string | null;
  instruction: string;
}

/** One row of the progress board, and the board (`GET /api/reports/:id/board`): the contract's shapes. */
export type { Board, BoardRow };

/** `POST /api/sections/:id/remind`: when the 催办 was recorded and when the next one may be (ISO 8601). */
export interface RemindResult {
  sectionId: string;
  remindedAt: string;
  nextAt: string;
  /** Writers told. */
  notified: number;
}


/** What `DELETE /api/sections/:id` removed. */
export interface DeleteResult {
  deletedIds: string[];
  chars: number;
}

/** Typed access to the office endpoints. Every failure rejects with an {@link ApiError}. */
export interface OfficeApi {
  /** The report templates. */
  listTemplates(signal?: AbortSignal): Promise<ReportTemplate[]>;
  /** The workspace's bureaus, the office first. */
  listBureaus(signal?: AbortSignal): Promise<BureauOption[]>;
  /** Creates a report from a template (secretary). */
  createReport(input: NewReportInput): Promise<ReportDetail>;
  /** Adds an empty section at a place in the outline. */
  addSection(reportId: Id, input: { title: string } & Partial<OutlinePlace>): Promise<AddedSection>;
  /** Renames a section or changes its due date, 写作要求 or numbering. */
  updateSection(id: Id, patch: SectionPatch): Promise<OutlineSection>;
  /** Moves a section (with its sub-sections) to a new place. */
  moveSection(id: Id, place: OutlinePlace): Promise<OutlineSection>;
  /** Deletes a section; without `confirm` a written one rejects with 409 `confirm_required`. */
  deleteSection(id: Id, confirm?: boolean): Promise<DeleteResult>;
  /** Assigns a section to bureaus (moves write rights at once). */
  assignSection(id: Id, input: AssignmentInput): Promise<OutlineSection>;
  /** The progress board of a report. */
  getBoard(reportId: Id, signal?: AbortSignal): Promise<Board>;
  /** 催办: reminds the section's bureau writers (secretary; once an hour per section, else 429 saying when). */
  remindSection(id: Id): Promise<RemindResult>;
}

/** Options for {@link createOfficeApi}. */
export interface OfficeApiOptions {
  /** Fetch implementation; defaults to the global one. Tests pass a fake. */
  fetch?: typeof fetch;
  /** Called when a request is answered 401 (the session expired). */
  onUnauthorized?: () => void;
}

/**
 * Creates the office API client, following the request conventions of `createApiClient`:
 * same-origin credentials, JSON bodies (the server's CSRF guard), Chinese `ApiError`s.
 *
 * @example
 * const templates = await createOfficeApi().listTemplates();
 */
export function createOfficeApi(options: OfficeApiOptions = {}): OfficeApi {
  const request = <T>(method: HttpMethod, path: string, body?: unknown, signal?: AbortSignal, accept?: (answer: T) => boolean) =>
    requestJson<T>(method, path, body, { fetch: options.fetch, onUnauthorized: options.onUnauthorized, signal, accept });
  const list = <T>(path: string, signal?: AbortSignal) => request<T[]>('GET', path, undefined, signal, Array.isArray);

  const section = (id: Id) => `/api/sections/${encodeURIComponent(String(id))}`;
  const report = (id: Id) => `/api/reports/${encodeURIComponent(String(id))}`;

  return {
    listTemplates: (signal) => list<ReportTemplate>('/api/templates', signal),
    listBureaus: (signal) => list<BureauOption>('/api/bureaus', signal),
    createReport: (input) => request<ReportDetail>('POST', '/api/reports', input),
    addSection: (reportId, input) => request<AddedSection>('POST', `${report(reportId)}/sections`, input),
    updateSection: (id, patch) => request<OutlineSection>('PATCH', section(id), patch),
    moveSection: (id, place) => request<OutlineSection>('POST', `${section(id)}/move`, place),
    deleteSection: (id, confirm = false) => request<DeleteResult>('DELETE', `${section(id)}${confirm ? '?confirm=1' : ''}`),
    assignSection: (id, input) => request<OutlineSection>('PUT', `${section(id)}/assignment`, input),
    remindSection: (id) => request<RemindResult>('POST', `${section(id)}/remind`),
    getBoard: (reportId, signal) =>
      request<Board>('GET', `${report(reportId)}/board`, undefined, signal, (board) => !!board && Array.isArray(board.sections)),
  };
}
