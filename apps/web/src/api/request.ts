// The one JSON request of the REST clients (./client.ts, ./officeApi.ts, ./reviewApi.ts, ./finalApi.ts):
// credentials of the page's origin, JSON in and out, every failure an ApiError with Chinese text.
import { ApiError, INVALID_RESPONSE_MESSAGE, NETWORK_ERROR_MESSAGE, fallbackMessage } from './ApiError';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** Options of {@link requestJson}. */
export interface RequestJsonOptions<T> {
  /** Fetch implementation; defaults to the global one. Tests pass a fake. */
  fetch?: typeof fetch | undefined;
  signal?: AbortSignal | undefined;
  /** Called (after the error body is read) when the server answers 401, e.g. to tell that the session expired. */
  onUnauthorized?: (() => void) | undefined;
  /** An empty answer (204 or no body) resolves `undefined` instead of rejecting as unrecognised. */
  allowEmpty?: boolean | undefined;
  /** Shape check of the parsed answer; `false` rejects it as unrecognised. */
  accept?: ((body: T) => boolean) | undefined;
}

// Calling an unbound `window.fetch` throws "Illegal invocation", hence the wrapper.
const globalFetch: typeof fetch = (input, init) => globalThis.fetch(input, init);

/**
 * Sends one request and parses its JSON answer. Rejects with an {@link ApiError}: the server's
 * `{error, message}` or a Chinese fallback by status, status 0 when the server could not be reached,
 * `invalid_response` when the answer is not JSON (or fails `accept`). Aborts are rethrown untouched.
 *
 * @example
 * const board = await requestJson<Board>('GET', '/api/reports/r1/board', undefined, { signal });
 */
export async function requestJson<T>(method: HttpMethod, path: string, body?: unknown, options: RequestJsonOptions<T> = {}): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  const init: RequestInit = { method, headers, credentials: 'same-origin' };
  if (options.signal) init.signal = options.signal;
  if (method !== 'GET' && method !== 'DELETE') {
    // The server refuses state-changing requests that are not JSON (a CSRF guard).
    headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body ?? {});
  }

  let response: Response;
  try {
    response = await (options.fetch ?? globalFetch)(path, init);
  } catch (error) {
    if (isAbortError(error)) throw error;
    throw new ApiError(0, 'network_error', NETWORK_ERROR_MESSAGE);
  }

  if (!response.ok) {
    const error = await readError(response);
    if (response.status === 401) options.onUnauthorized?.();
    throw error;
  }

  const result = await readJson<T>(response, options.allowEmpty ?? false);
  if (options.accept && !options.accept(result)) throw invalidResponse();
  return result;
}

/** The error of a successful answer whose content could not be understood. */
export function invalidResponse(status = 200): ApiError {
  return new ApiError(status, 'invalid_response', INVALID_RESPONSE_MESSAGE);
}

async function readJson<T>(response: Response, allowEmpty: boolean): Promise<T> {
  const text = response.status === 204 ? '' : await response.text();
  if (text === '') {
    if (allowEmpty) return undefined as T;
    throw invalidResponse(response.status);
  }
  try {
    return JSON.parse(text) as T;
  } catch {
    throw invalidResponse(response.status);
  }
}

/**
 * Reads `{error, message}` (the contract's ERROR_BODY) from an error response, falling back to a
 * Chinese message by status. Tolerant on purpose: a proxy's or an older server's body may carry a
 * code without a message, or no JSON at all.
 */
async function readError(response: Response): Promise<ApiError> {
  let code = `http_${response.status}`;
  let message = fallbackMessage(response.status);
  let parsed: unknown;
  try {
    const body: unknown = JSON.parse(await response.text());
    parsed = body;
    if (body && typeof body === 'object') {
      const { error, message: serverMessage } = body as { error?: unknown; message?: unknown };
      if (typeof error === 'string' && error !== '') code = error;
      if (typeof serverMessage === 'string' && serverMessage.trim() !== '') message = serverMessage;
    }
  } catch {
    // Not JSON (e.g. a proxy's HTML error page): keep the fallback.
  }
  return new ApiError(response.status, code, message, parsed);
}

function isAbortError(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { name?: unknown }).name === 'AbortError';
}
