/**
 * When a section was last edited, short and in Chinese: 刚刚, 5分钟前, 今天 14:05, 昨天 09:30,
 * 11月20日 16:00, or 2019年12月31日 16:00 in an earlier year. Local time.
 */
export function formatEditTime(at: string, now: Date): string {
  const date = new Date(at);
  if (Number.isNaN(date.getTime())) return '';
  const seconds = (now.getTime() - date.getTime()) / 1000;
  if (seconds < 60 && seconds > -60) return '刚刚';
  if (seconds > 0 && seconds < 3600) return `${Math.floor(seconds / 60)}分钟前`;
  const time = `${pad(date.getHours())}:${pad(date.getMinutes())}`;
  const dayDiff = Math.round((startOfDay(now) - startOfDay(date)) / 86_400_000);
  if (dayDiff === 0) return `今天 ${time}`;
  if (dayDiff === 1) return `昨天 ${time}`;
  const day = `${date.getMonth() + 1}月${date.getDate()}日`;
  return date.getFullYear() === now.getFullYear() ? `${day} ${time}` : `${date.getFullYear()}年${day} ${time}`;
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

function startOfDay(d: Date): number {
  return new Date(d.getFullYear(), d.getMonth(), d.getDate()).getTime();
}
