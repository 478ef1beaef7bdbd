/** A tiny REST client that keeps the session cookie, like a browser would. */
import type { AppNotification, MergeResult, ReportDetail, ReportSummary, SectionView } from '@hegao/contract';

/** Demo password of the public contract. */
export const DEMO_PASSWORD = 'hegao-demo';

/** JSON response with status. */
export interface ApiResponse<T = unknown> {
  status: number;
  body: T;
  headers: Headers;
}

/** A signed-in (or anonymous) API session against one server. */
export class ApiClient {
  cookie = '';

  constructor(readonly baseUrl: string) {}

  /** Signs in and returns a client holding the session cookie. */
  static async login(baseUrl: string, username: string, password = DEMO_PASSWORD): Promise<ApiClient> {
    const client = new ApiClient(baseUrl);
    const res = await client.post('/api/auth/login', { username, password });
    if (res.status !== 200) throw new Error(`login ${username} failed: ${res.status} ${JSON.stringify(res.body)}`);
    return client;
  }

  /** Any request; JSON bodies are sent with Content-Type application/json. */
  async request<T = unknown>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<ApiResponse<T>> {
    const res = await fetch(this.baseUrl + path, {
      method,
      headers: {
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(this.cookie ? { cookie: this.cookie } : {}),
        ...headers,
      },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const setCookie = res.headers.get('set-cookie');
    if (setCookie) {
      const [pair] = setCookie.split(';');
      this.cookie = pair!.endsWith('=') ? '' : pair!;
    }
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      // not JSON
    }
    return { status: res.status, body: parsed as T, headers: res.headers };
  }

  get<T = unknown>(path: string): Promise<ApiResponse<T>> {
    return this.request<T>('GET', path);
  }

  post<T = unknown>(path: string, body?: unknown, headers?: Record<string, string>): Promise<ApiResponse<T>> {
    return this.request<T>('POST', path, body, headers);
  }

  put<T = unknown>(path: string, body?: unknown, headers?: Record<string, string>): Promise<ApiResponse<T>> {
    return this.request<T>('PUT', path, body, headers);
  }

  /** A collab token for one document. */
  async token(docName: string): Promise<string> {
    const res = await this.post<{ token: string }>('/api/collab/token', { docName });
    if (res.status !== 200) throw new Error(`token failed: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body.token;
  }
}

/**
 * A section as `GET /api/reports/:id` returns it: the contract's `SECTION_VIEW`
 * (packages/contract/src/reports.ts), under the name the suites use.
 */
export type SectionJson = SectionView;

/** A notification as `GET /api/notifications` lists it: the contract's `NOTIFICATION` (packages/contract/src/review.ts). */
export type NotificationJson = AppNotification;

/** The demo report with its sections. */
export async function demoReport(api: ApiClient): Promise<ReportDetail> {
  const list = await api.get<ReportSummary[]>('/api/reports');
  const report = list.body.find((r) => r.title.includes('示例区2020年上半年工作总结'));
  if (!report) throw new Error('demo report missing');
  const detail = await api.get<ReportDetail>(`/api/reports/${report.id}`);
  return detail.body;
}

/**
 * A new report from the 半年工作总结 template, made by the office (`api` signs in as `bgs`): period
 * 2031年上半年, due 2031-07-10. Throws with the server's answer unless it is 201.
 */
export async function createHalfYearReport(api: ApiClient, title: string): Promise<ReportDetail> {
  const created = await api.post<ReportDetail>('/api/reports', { templateKind: 'half_year', title, period: '2031年上半年', dueDate: '2031-07-10' });
  if (created.status !== 201) throw new Error(`create report: ${created.status} ${JSON.stringify(created.body)}`);
  return created.body;
}

/**
 * {@link mergeDemoReport}, checked: the merge answers 200 and every written section is 已通过.
 * Returns the report as it was before the merge and its written sections.
 */
export async function mergeDemoReportApproved(bgs: ApiClient): Promise<{ report: ReportDetail; leaves: SectionJson[] }> {
  const merged = await mergeDemoReport(bgs);
  if (merged.merge.status !== 200) throw new Error(`merge: ${merged.merge.status} ${JSON.stringify(merged.merge.body)}`);
  const leaves = writtenSections(merged.report.sections);
  const now = (await bgs.get<ReportDetail>(`/api/reports/${merged.report.id}`)).body.sections;
  const notApproved = leaves.filter((leaf) => now.find((s) => s.id === leaf.id)?.status !== 'approved');
  if (notApproved.length > 0) throw new Error(`not approved after the merge: ${notApproved.map((s) => s.title).join('、')}`);
  return { report: merged.report, leaves };
}

/** The sections that hold text: the outline's leaves (a heading with sub-sections is not written itself). */
export function writtenSections<S extends { id: string; parentId: string | null }>(sections: readonly S[]): S[] {
  const parents = new Set(sections.map((s) => s.parentId).filter((id): id is string => id !== null));
  return sections.filter((s) => !parents.has(s.id));
}

/** The demo section assigned to a bureau (first match). */
export async function sectionOf(api: ApiClient, bureauName: string): Promise<SectionJson> {
  const report = await demoReport(api);
  const section = report.sections.find((s) => s.bureaus.some((b) => b.name === bureauName) && s.status === 'drafting');
  if (!section) throw new Error(`no drafting section for ${bureauName}`);
  return section;
}

/** The demo workspace's bureau writers: username by bureau name. */
export const DEMO_EDITORS: Readonly<Record<string, string>> = { 卫健局: 'wjj', 发改局: 'fgj', 农业农村局: 'nyj', 民政局: 'mzj', 组织部: 'zzb', 住建局: 'zjj', 文旅局: 'wlj' };

/**
 * The demo report taken to 合稿中 through the public API: every section submitted by its bureau's
 * writer (a section no demo writer has goes to the 卫健局 first) and approved by the office
 * (`bgs`), then merged. Returns the report as it was and the merge's response, for the caller to check.
 */
export async function mergeDemoReport(bgs: ApiClient): Promise<{ report: ReportDetail; merge: ApiResponse<MergeResult> }> {
  const writers = new Map<string, ApiClient>();
  const writer = async (username: string): Promise<ApiClient> => {
    let client = writers.get(username);
    if (!client) writers.set(username, (client = await ApiClient.login(bgs.baseUrl, username)));
    return client;
  };
  const report = await demoReport(bgs);
  const wjjBureau = report.sections.flatMap((s) => s.bureaus).find((b) => b.name === '卫健局');
  if (!wjjBureau) throw new Error('demo report has no 卫健局 section');
  for (const section of report.sections.filter((s) => s.status !== 'approved')) {
    let bureau = section.bureaus.find((b) => DEMO_EDITORS[b.name]);
    if (!bureau) {
      const res = await bgs.put(`/api/sections/${section.id}/assignment`, { bureauIds: [wjjBureau.id] });
      if (res.status !== 200) continue; // a heading without text of its own
      bureau = wjjBureau;
    }
    const submitted = await (await writer(DEMO_EDITORS[bureau.name]!)).post(`/api/sections/${section.id}/submit`);
    if (submitted.status !== 200) continue;
    const approved = await bgs.post(`/api/sections/${section.id}/approve`);
    if (approved.status !== 200) throw new Error(`approve ${section.title}: ${approved.status} ${JSON.stringify(approved.body)}`);
  }
  // A refusal (409 office_edits …) is the caller's to check: the body is then `{error, message}`.
  const merge = await bgs.post<MergeResult>(`/api/reports/${report.id}/merge`);
  return { report, merge };
}
