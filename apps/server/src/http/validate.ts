/** JSON body validation with zod; failures become 400 with a Chinese message. */
import type { Context } from 'hono';
import type { z } from 'zod';
import { ApiError } from './ApiError.js';

const MAX_BODY = 256 * 1024;

/** Parses and validates the JSON body of a request against a schema. */
export async function readBody<S extends z.ZodType>(c: Context, schema: S): Promise<z.infer<S>> {
  const type = c.req.header('content-type') ?? '';
  if (!type.toLowerCase().startsWith('application/json')) {
    throw new ApiError(415, 'unsupported_media_type', '请求体必须是 JSON（Content-Type: application/json）');
  }
  const text = await c.req.text();
  if (text.length > MAX_BODY) throw new ApiError(413, 'body_too_large', '请求体过大');
  let json: unknown;
  try {
    json = text === '' ? {} : JSON.parse(text);
  } catch {
    throw new ApiError(400, 'invalid_json', '请求体不是合法的 JSON');
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue?.path.join('.') || '请求体';
    throw new ApiError(400, 'invalid_body', `参数“${field}”不正确：${issue?.message ?? '格式错误'}`, parsed.error.issues);
  }
  return parsed.data;
}
