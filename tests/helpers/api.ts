/** A tiny REST client that keeps the session cookie, like a browser would. */

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

/** Section as GET /api/reports/:id returns it. */
/** A notification as `GET /api/notifications` lists it (docs/api.md). */
export interface NotificationJson {
  id: string;
  type: string;
  reportId: string | null;
  sectionId: string | null;
  message: string;
  detail: Record<string, unknown>;
  createdAt: string;
  readAt: string | null;
}

export interface SectionJson {
  id: string;
  number: string;
  title: string;
  level: number;
  status: string;
  docName: string;
  bureaus: { id: string; name: string }[];
}

/** The demo report with its sections. */
export async function demoReport(api: ApiClient): Promise<{ id: string; sections: SectionJson[] }> {
  const list = await api.get<{ id: string; title: string }[]>('/api/reports');
  const report = list.body.find((r) => r.title.includes('示例区2020年上半年工作总结'));
  if (!report) throw new Error('demo report missing');
  const detail = await api.get<{ id: string; sections: SectionJson[] }>(`/api/reports/${report.id}`);
  return detail.body;
}

/** The demo section assigned to a bureau (first match). */
export async function sectionOf(api: ApiClient, bureauName: string): Promise<SectionJson> {
  const report = await demoReport(api);
  const section = report.sections.find((s) => s.bureaus.some((b) => b.name === bureauName) && s.status === 'drafting');
  if (!section) throw new Error(`no drafting section for ${bureauName}`);
  return section;
}
