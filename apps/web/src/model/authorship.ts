// What the 显示修改人 view says about a run of text: the hover card's sentence, the legend by bureau,
// and the tint colours. Pure; the spans come from GET /api/sections/:id/authorship.
import type { AuthorshipSpan } from '../api/authorshipApi';
import { formatDateTime } from '../components/final/formatTime';
import { FALLBACK_COLOR, safeColor } from '../editor/remoteCursor';

/** Who wrote a run and when, as the tint and its card show it. */
export interface AuthorRun {
  userId: string;
  name: string;
  /** Bureau name; null for people outside a bureau. */
  bureau: string | null;
  /** The person's colour (safe for a style); the fallback grey when the server's is unusable. */
  color: string;
  /** ISO 8601. */
  at: string;
}

/** Label of the legend group of people outside any bureau (the district's leaders). */
export const NO_BUREAU_LABEL = '领导';

/** The run of a span, its colour checked (it goes into a style attribute). */
export function authorRun(span: AuthorshipSpan): AuthorRun {
  return {
    userId: span.user.id,
    name: span.user.name || span.user.username,
    bureau: span.bureau?.name ?? null,
    color: safeColor(span.user.color) ?? FALLBACK_COLOR,
    at: span.at,
  };
}

/** 张卫民（卫健局）, or the name alone for people outside a bureau. */
export function authorLabel(run: Pick<AuthorRun, 'name' | 'bureau'>): string {
  return run.bureau ? `${run.name}（${run.bureau}）` : run.name;
}

/**
 * When a run was written, local time: 12月3日 14:05 this year, 2025年12月3日 14:05 before.
 * '' when unreadable.
 */
export function writtenAt(iso: string, now: Date): string {
  const full = formatDateTime(iso);
  const year = `${now.getFullYear()}年`;
  return full.startsWith(year) && new Date(iso).getFullYear() === now.getFullYear() ? full.slice(year.length) : full;
}

/**
 * The hover card's sentence: 张卫民（卫健局）· 12月3日 14:05 写入.
 *
 * @example
 * cardText({ name: '张卫民', bureau: '卫健局', at: '2026-12-03T06:05:00Z', … }, now) // '张卫民（卫健局）· 12月3日 14:05 写入'
 */
export function cardText(run: Pick<AuthorRun, 'name' | 'bureau' | 'at'>, now: Date): string {
  const when = writtenAt(run.at, now);
  if (!when) return authorLabel(run);
  // After a closing full-width parenthesis the dot needs no space before it.
  return `${authorLabel(run)}${run.bureau ? '' : ' '}· ${when} 写入`;
}

/** One person in the legend. */
export interface LegendPerson {
  userId: string;
  name: string;
  color: string;
}

/** The people of one bureau in the legend (卫健局：张卫民、李娜). */
export interface LegendGroup {
  /** Bureau name, or {@link NO_BUREAU_LABEL}. */
  label: string;
  people: LegendPerson[];
}

/**
 * The people who wrote the text, grouped by the bureau they wrote it for, bureaus and people in
 * order of their first character; leaders last.
 */
export function legendGroups(spans: readonly AuthorshipSpan[]): LegendGroup[] {
  const groups = new Map<string, LegendGroup>();
  const seen = new Set<string>();
  for (const span of spans) {
    const run = authorRun(span);
    const label = run.bureau ?? NO_BUREAU_LABEL;
    const key = span.bureau ? `b:${span.bureau.id}` : 'none';
    let group = groups.get(key);
    if (!group) {
      group = { label, people: [] };
      groups.set(key, group);
    }
    if (seen.has(`${key}|${run.userId}`)) continue;
    seen.add(`${key}|${run.userId}`);
    group.people.push({ userId: run.userId, name: run.name, color: run.color });
  }
  const none = groups.get('none');
  groups.delete('none');
  return none ? [...groups.values(), none] : [...groups.values()];
}

/**
 * `color` with the given opacity, for a light tint behind text: hsl()/rgb() become hsla()/rgba(),
 * #rgb and #rrggbb get an alpha byte. Other forms are returned unchanged.
 *
 * @example
 * translucent('hsl(6, 55%, 30%)', 0.18) // 'hsla(6, 55%, 30%, 0.18)'
 */
export function translucent(color: string, alpha: number): string {
  const fn = /^(hsl|rgb)\(([^)]*)\)$/i.exec(color.trim());
  if (fn) {
    const args = fn[2]!.includes(',') ? fn[2]!.split(',').map((s) => s.trim()) : fn[2]!.trim().split(/\s+/);
    return `${fn[1]!.toLowerCase()}a(${args.slice(0, 3).join(', ')}, ${alpha})`;
  }
  const hex = /^#([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(color.trim());
  if (hex) {
    const full = hex[1]!.length === 3 ? [...hex[1]!].map((c) => c + c).join('') : hex[1]!;
    return `#${full}${Math.round(alpha * 255).toString(16).padStart(2, '0')}`;
  }
  return color;
}
