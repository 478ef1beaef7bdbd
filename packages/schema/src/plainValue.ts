/** What an attribute or mark value may be: plain JSON, shared by the content rules and the reader. */

/** A plain object: a JSON object, or one without a prototype (ProseMirror's attribute objects). */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** True for values JSON carries unchanged (at most 64 levels deep): what an attribute may be. */
export function isPlainValue(value: unknown, depth = 0): boolean {
  if (depth > 64) return false;
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return true;
  if (typeof value === 'number') return Number.isFinite(value);
  if (Array.isArray(value)) return value.every((v) => isPlainValue(v, depth + 1));
  if (isPlainObject(value)) return Object.values(value).every((v) => isPlainValue(v, depth + 1));
  return false;
}
