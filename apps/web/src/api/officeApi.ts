// Client of the office endpoints (docs/api.md "Templates and outline editing", 催办, the board and
// bureaus). The wire shapes are the contract's (packages/contract/src/office.ts, board.ts,
// reports.ts), re-exported under the names the office components use. Ids are strings.
import type {
  AddedSection,
  Board,
  BoardRow,
  BureauOption,
  DeleteResult,
  NewReportInput,
  NewSectionInput,
  OutlinePlace,
  RemindResult,
  ReportDetail,
  ReportTemplate,
  SectionAssignment,
  SectionHandOver,
  SectionPatch,
  SectionView,
  TemplateEntry,
} from '@hegao/contract';
import { type HttpMethod, requestJson } from './request';

export type { AddedSection, Board, BoardRow, BureauOption, DeleteResult, NewReportInput, NewSectionInput, OutlinePlace, RemindResult, ReportTemplate, SectionHandOver, SectionPatch, TemplateEntry };

/** A section of `GET /api/reports/:id` with the outline fields the office edits (the contract's `SectionView`). */
export type OutlineSection = SectionView;

/** Body of `PUT /api/sections/:id/assignment` (the contract's `SECTION_ASSIGNMENT`). */
export type AssignmentInput = SectionAssignment;

/** Typed access to the office endpoints. Every failure rejects with an {@link ApiError}. */
export interface OfficeApi {
  /** The report templates. */
  listTemplates(signal?: AbortSignal): Promise<ReportTemplate[]>;
  /** The workspace's bureaus, the office first. */
  listBureaus(signal?: AbortSignal): Promise<BureauOption[]>;
  /** Creates a report from a template (secretary). */
  createReport(input: NewReportInput): Promise<ReportDetail>;
  /** Adds an empty section at a place in the outline. */
  addSection(reportId: string, input: NewSectionInput): Promise<AddedSection>;
  /** Renames a section or changes its due date, 写作要求 or numbering. */
  updateSection(id: string, patch: SectionPatch): Promise<OutlineSection>;
  /** Moves a section (with its sub-sections) to a new place. */
  moveSection(id: string, place: OutlinePlace): Promise<OutlineSection>;
  /** Deletes a section; without `confirm` a written one rejects with 409 `confirm_required`. */
  deleteSection(id: string, confirm?: boolean): Promise<DeleteResult>;
  /** Assigns a section to bureaus (moves write rights at once). */
  assignSection(id: string, input: AssignmentInput): Promise<OutlineSection>;
  /** The progress board of a report. */
  getBoard(reportId: string, signal?: AbortSignal): Promise<Board>;
  /** 催办: reminds the section's bureau writers (secretary; once an hour per section, else 429 saying when). */
  remindSection(id: string): Promise<RemindResult>;
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

  const section = (id: string) => `/api/sections/${encodeURIComponent(id)}`;
  const report = (id: string) => `/api/reports/${encodeURIComponent(id)}`;

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
