import type { Id } from '../api/types';

/** A page of the app, as addressed by the location hash. */
export type Route = { name: 'reports' } | { name: 'report'; id: string } | { name: 'notFound' };

/**
 * Parses a location hash into a route.
 *
 * @example
 * parseRoute('#/reports/42') // { name: 'report', id: '42' }
 */
export function parseRoute(hash: string): Route {
  const path = hash.replace(/^#/, '').replace(/\/+$/, '');
  if (path === '' || path === '/reports') return { name: 'reports' };
  const match = /^\/reports\/([^/]+)$/.exec(path);
  if (match?.[1]) {
    try {
      return { name: 'report', id: decodeURIComponent(match[1]) };
    } catch {
      return { name: 'notFound' };
    }
  }
  return { name: 'notFound' };
}

/** Hash of the report list. */
export const REPORTS_HREF = '#/';

/** Hash of one report. */
export function reportHref(id: Id): string {
  return `#/reports/${encodeURIComponent(String(id))}`;
}
