// Absolute times for version records: 2020年7月5日 14:05 (local time), as a record should read.

/**
 * Formats an ISO 8601 time as 2020年7月5日 14:05; '' when it cannot be read.
 *
 * @example
 * formatDateTime('2020-07-05T06:05:00Z') // '2020年7月5日 14:05' in Asia/Shanghai
 */
export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return '';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}年${date.getMonth() + 1}月${date.getDate()}日 ${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/** A person's name in a version record; accounts deleted since show as such. */
export function personName(person: { name: string | null } | null | undefined): string {
  return person?.name ?? '已删除的用户';
}
