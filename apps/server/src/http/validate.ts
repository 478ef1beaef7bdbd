/**
 * JSON body validation with zod; failures become 400 `invalid_body` with one Chinese sentence
 * that names the field by its Chinese label (「请填写用户名」, 「标题不能超过100个字」,
 * 「截止日期格式应为 YYYY-MM-DD」), never a JSON key or a zod type name.
 */
import type { Context } from 'hono';
import { z } from 'zod';
import { ApiError } from './ApiError.js';

/** Largest request body the API reads, in bytes (enforced before reading by app.ts's bodyLimit). */
export const MAX_BODY = 256 * 1024;

/**
 * How a field is named in messages: its label, or the label and the sentence asking for it when
 * it is missing (「请选择部门」 rather than 「请填写部门」).
 */
export type FieldLabel = string | { label: string; required?: string };

/** Labels by JSON key path (array indexes left out, e.g. `anchor.from`), keyed by the path or its last key. */
export type FieldLabels = Readonly<Record<string, FieldLabel>>;

/**
 * Labels for every field of the request bodies the API validates. A route passes overrides where
 * the same key means something more specific (`reason` → 退回理由, `title` → 报告标题).
 */
export const FIELD_LABELS: FieldLabels = {
  username: '用户名',
  password: '密码',
  reason: '理由',
  title: '标题',
  period: '报告期',
  dueDate: '截止日期',
  instruction: '写作要求',
  templateKind: { label: '报告模板', required: '请选择报告模板' },
  bureauIds: { label: '部门', required: '请选择部门' },
  parentId: { label: '上级章节', required: '请指定上级章节' },
  index: { label: '位置', required: '请指定位置' },
  numbered: '是否编号',
  body: '内容',
  anchor: '批注位置',
  'anchor.from': '批注起点',
  'anchor.to': '批注终点',
  quote: '引用的原文',
  docName: '文档名称',
};

/** The body as a whole (an issue with an empty path). */
const BODY_LABEL = '请求体';
/** A key nobody labelled: still Chinese, never the raw key. */
const UNKNOWN_LABEL = '请求中的某项内容';

/** What a JSON value is called in 「…应为…」. */
const TYPE_NAMES: Readonly<Record<string, string>> = {
  string: '文字',
  number: '数字',
  int: '整数',
  bigint: '整数',
  boolean: '是或否（布尔值）',
  array: '列表',
  tuple: '列表',
  object: '对象',
  record: '对象',
  map: '对象',
  date: '日期',
  null: '空值',
};

/** A YYYY-MM-DD pattern, as `z.string().regex(/^\d{4}-\d{2}-\d{2}$/)` declares it. */
const DATE_PATTERN = String.raw`\d{4}-\d{2}-\d{2}`;

interface Resolved {
  label: string;
  required: string;
}

function resolveLabel(path: readonly PropertyKey[], labels: FieldLabels): Resolved {
  const keys = path.filter((k): k is string => typeof k === 'string');
  const indexes = path.filter((k) => typeof k === 'number');
  if (path.length === 0) return { label: BODY_LABEL, required: `请提供${BODY_LABEL}` };
  const entry = keys.length === 0 ? undefined : (labels[keys.join('.')] ?? labels[keys[keys.length - 1]!]);
  const base = entry === undefined ? UNKNOWN_LABEL : typeof entry === 'string' ? entry : entry.label;
  // An element of a list: 「部门第2项」.
  const label = indexes.length === 0 ? base : `${base}${indexes.map((i) => `第${i + 1}项`).join('')}`;
  const required = indexes.length === 0 && typeof entry === 'object' && entry.required ? entry.required : `请填写${label}`;
  return { label, required };
}

/** Allowed values worth showing to people: only when none of them is an ASCII code. */
function listValues(values: readonly unknown[] | undefined): string {
  if (!values || values.length === 0 || values.length > 10) return '';
  const shown = values.map((v) => String(v));
  return shown.some((v) => /[A-Za-z]/.test(v)) ? '' : `，可选：${shown.join('、')}`;
}

/** A raw zod issue as the error map receives it; only the fields read here. */
interface RawIssue {
  code?: string;
  path?: readonly PropertyKey[];
  input?: unknown;
  expected?: string;
  origin?: string;
  minimum?: number | bigint;
  maximum?: number | bigint;
  inclusive?: boolean;
  format?: string;
  pattern?: RegExp | string;
  values?: readonly unknown[];
  keys?: readonly string[];
  divisor?: number | bigint;
}

/**
 * The Chinese sentence for one zod issue, naming the field by its label. Schema-level messages
 * (a `.min(1, '章节标题不能为空')` or a `.refine(…, '…')`) take precedence over this in
 * `readBody`; this covers everything a schema leaves to the default.
 */
export function issueMessage(issue: RawIssue, labels: FieldLabels = FIELD_LABELS): string {
  const { label, required } = resolveLabel(issue.path ?? [], labels);
  const min = Number(issue.minimum);
  const max = Number(issue.maximum);
  switch (issue.code) {
    case 'invalid_type': {
      if (issue.input === undefined || (issue.input === null && (issue.path?.length ?? 0) > 0)) return required;
      if (issue.expected === 'int') return `${label}应为整数`;
      const type = issue.expected ? TYPE_NAMES[issue.expected] : undefined;
      return type ? `${label}应为${type}` : `${label}的类型不正确`;
    }
    case 'too_small':
      switch (issue.origin) {
        case 'string':
          return min <= 1 ? required : `${label}至少要有${min}个字`;
        case 'array':
        case 'set':
          return min <= 1 ? required : `${label}至少要有${min}项`;
        case 'number':
        case 'int':
        case 'bigint':
          if (min === 0 && issue.inclusive !== false) return `${label}不能为负数`;
          return issue.inclusive === false ? `${label}应大于${min}` : `${label}不能小于${min}`;
        default:
          return `${label}过小`;
      }
    case 'too_big':
      switch (issue.origin) {
        case 'string':
          return `${label}不能超过${max}个字`;
        case 'array':
        case 'set':
          return `${label}不能超过${max}项`;
        case 'number':
        case 'int':
        case 'bigint':
          return issue.inclusive === false ? `${label}应小于${max}` : `${label}不能大于${max}`;
        default:
          return `${label}过大`;
      }
    case 'invalid_format':
      if (issue.format === 'date' || (issue.format === 'regex' && String(issue.pattern ?? '').includes(DATE_PATTERN))) {
        return `${label}格式应为 YYYY-MM-DD`;
      }
      return `${label}格式不正确`;
    case 'invalid_value':
      return `${label}的取值不在允许范围内${listValues(issue.values)}`;
    case 'not_multiple_of':
      return `${label}应为${Number(issue.divisor)}的倍数`;
    case 'unrecognized_keys': {
      const keys = (issue.keys ?? []).map((k) => {
        const entry = labels[k];
        return entry === undefined ? `“${k}”` : typeof entry === 'string' ? entry : entry.label;
      });
      return `${label}中有不能在这里提交的字段：${keys.join('、')}`;
    }
    case 'invalid_union':
      return `${label}格式不正确`;
    case 'invalid_key':
    case 'invalid_element':
      return `${label}中有不正确的项`;
    default:
      return `${label}不正确`;
  }
}

/**
 * Parses and validates the JSON body of a request against a schema. `labels` adds or overrides
 * field labels for this route (see FIELD_LABELS). A failure is 400 `invalid_body` whose message
 * is the first issue as one Chinese sentence; the zod issues stay on the ApiError's `details`.
 */
export async function readBody<S extends z.ZodType>(c: Context, schema: S, labels?: FieldLabels): Promise<z.infer<S>> {
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
  return validate(schema, json, labels);
}

/** Validates a parsed value; throws 400 `invalid_body` with a Chinese sentence (see readBody). */
export function validate<S extends z.ZodType>(schema: S, value: unknown, labels?: FieldLabels): z.infer<S> {
  const all = labels ? { ...FIELD_LABELS, ...labels } : FIELD_LABELS;
  const parsed = schema.safeParse(value, { error: (issue) => issueMessage(issue as RawIssue, all) });
  if (!parsed.success) {
    const message = parsed.error.issues[0]?.message || `${BODY_LABEL}格式不正确`;
    throw new ApiError(400, 'invalid_body', message, parsed.error.issues);
  }
  return parsed.data;
}
