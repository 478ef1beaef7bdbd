/** Fills a template's title or period pattern. */

/**
 * Replaces {名称} placeholders with the given values; unknown placeholders are left as they are.
 * @example renderPattern('{地区}{年份}年工作要点', { 地区: '示例区', 年份: '2021' }) // '示例区2021年工作要点'
 */
export function renderPattern(pattern: string, values: Readonly<Record<string, string>>): string {
  return pattern.replace(/\{([^{}]+)\}/g, (whole, name: string) => (Object.hasOwn(values, name) ? values[name]! : whole));
}
