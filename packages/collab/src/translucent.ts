/** `color` at 20 % opacity, for selections: #rrggbb → #rrggbb33, hsl(h, s%, l%) → hsla(h, s%, l%, 0.2). */
export function translucent(color: string): string {
  const hsl = /^hsl\((.*)\)$/.exec(color.trim());
  if (hsl) return `hsla(${hsl[1]}, 0.2)`;
  return `${color}33`;
}
