/**
 * One colour per person, the same wherever that person appears — the cursor, the 显示修改人 tint,
 * the history and the diffs: the hue of their bureau's colour (so a legend by bureau reads at a
 * glance), with a lightness and saturation picked among eight well-separated steps by the
 * person's place among the bureau's people (so writers of one bureau differ). People without a bureau (区长 and other leaders)
 * share the leaders' colour the same way.
 */

/** Colour of people without a bureau. */
export const LEADER_COLOR = '#8e44ad';

/** Lightness / saturation steps (HSL, percent): all dark enough for a thin underline and a tint. */
const STEPS: ReadonlyArray<readonly [number, number]> = [
  [38, 62],
  [28, 55],
  [48, 70],
  [33, 85],
  [43, 40],
  [24, 75],
  [52, 50],
  [36, 30],
];

/** FNV-1a of a string, unsigned 32-bit. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** Hue (0–360) of a #rgb / #rrggbb colour; 0 for anything else. */
function hueOf(color: string): number {
  const m = /^#([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(color);
  if (!m) return 0;
  const hex = m[1]!.length === 3 ? [...m[1]!].map((c) => c + c).join('') : m[1]!;
  const [r, g, b] = [0, 2, 4].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255) as [number, number, number];
  const max = Math.max(r, g, b);
  const min = Math.min(r, g, b);
  const d = max - min;
  if (d === 0) return 0;
  let h: number;
  if (max === r) h = ((g - b) / d) % 6;
  else if (max === g) h = (b - r) / d + 2;
  else h = (r - g) / d + 4;
  return Math.round(((h * 60) + 360) % 360);
}

/**
 * The colour of a person, as `hsl(h, s%, l%)`, from their id and their bureau's colour (null: no
 * bureau). Given `peers` (the ids of everyone of that bureau, the person included), people are
 * told apart by their place among them, so up to eight of one bureau never share a shade;
 * without it, by a hash of the id.
 * @example personColor('u-12', '#c0392b', ['u-12', 'u-40']) // 'hsl(6, 62%, 38%)'
 */
export function personColor(userId: string, bureauColor: string | null, peers?: readonly string[]): string {
  const hue = hueOf(bureauColor ?? LEADER_COLOR);
  const rank = peers ? [...peers].sort().indexOf(userId) : -1;
  const [lightness, saturation] = STEPS[(rank >= 0 ? rank : hash(userId)) % STEPS.length]!;
  return `hsl(${hue}, ${saturation}%, ${lightness}%)`;
}
