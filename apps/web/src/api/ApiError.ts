/** Error raised by the API client; `message` is always Chinese text fit to show to the user. */
export class ApiError extends Error {
  /** HTTP status, or 0 when the server could not be reached. */
  readonly status: number;
  /** Machine-readable code from the server's `error` field, or one made up by the client. */
  readonly code: string;

  /** The parsed error body as the server sent it (structured data beside `error` and `message`), if any. */
  readonly body: unknown;

  constructor(status: number, code: string, message: string, body?: unknown) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.body = body;
  }
}

/** Shown when the request never reached the server. */
export const NETWORK_ERROR_MESSAGE = '无法连接服务器，请检查网络后重试';

/** Shown when a successful response could not be understood. */
export const INVALID_RESPONSE_MESSAGE = '服务器返回了无法识别的数据，请稍后重试';

/** Chinese fallback for an HTTP error whose body carried no usable message. */
export function fallbackMessage(status: number): string {
  if (status === 400) return '请求内容有误';
  if (status === 401) return '登录已失效，请重新登录';
  if (status === 403) return '没有权限执行此操作';
  if (status === 404) return '请求的内容不存在';
  if (status === 409) return '内容已被他人修改，请刷新后重试';
  if (status === 429) return '操作过于频繁，请稍后再试';
  if (status === 502 || status === 503 || status === 504) return '服务暂时不可用，请稍后重试';
  if (status >= 500) return '服务器出现错误，请稍后重试';
  return `请求失败（${status}）`;
}

/** Wraps anything thrown into an ApiError so the UI has one kind of error to show. */
export function toApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  return new ApiError(0, 'client_error', '发生未知错误，请刷新页面后重试');
}
