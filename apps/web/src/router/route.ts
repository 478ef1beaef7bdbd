
/** A page of the app, as addressed by the location hash. */
export type Route =
  | { name: 'reports' }
  | { name: 'newReport' }
  | { name: 'importReport' }
  | { name: 'report'; id: string; /** A section to scroll to and focus once loaded. */ sectionId?: string }
  | { name: 'outline'; id: string }
  | { name: 'board'; id: string }
  | { name: 'history'; id: string }
  | { name: 'final'; id: string }
  | { name: 'version'; id: string; version: number; /** 对比 opened with this version or 'final' (当前合稿). */ compare?: number | 'final' }
  | { name: 'notFound' };

/**
 * Parses a location hash into a route.
 *
 * @example
 * parseRoute('#/reports/42') // { name: 'report', id: '42' }
 */
export function parseRoute(hash: string): Route {
  const path = hash.replace(/^#/, '').replace(/\/+$/, '');
  if (path === '' || path === '/reports') return { name: 'reports' };
  if (path === '/reports/new') return { name: 'newReport' };
  if (path === '/reports/import') return { name: 'importReport' };
  const match = /^\/reports\/([^/]+)(?:\/(outline|board|history|final|versions\/(\d+)(?:\/compare\/(\d+|final))?|sections\/([^/]+)))?$/.exec(path);
  if (match?.[1]) {
    let id: string;
    try {
      id = decodeURIComponent(match[1]);
    } catch {
      return { name: 'notFound' };
    }
    const sub = match[2];
    if (!sub) return { name: 'report', id };
    if (match[5]) {
      try {
        return { name: 'report', id, sectionId: decodeURIComponent(match[5]) };
      } catch {
        return { name: 'notFound' };
      }
    }
    if (sub === 'outline' || sub === 'board' || sub === 'history' || sub === 'final') return { name: sub, id };
    const version = Number(match[3]);
    if (!Number.isSafeInteger(version) || version <= 0) return { name: 'notFound' };
    if (match[4] === undefined) return { name: 'version', id, version };
    const compare = match[4] === 'final' ? 'final' : Number(match[4]);
    return compare === 'final' || (Number.isSafeInteger(compare) && compare > 0 && compare !== version) ? { name: 'version', id, version, compare } : { name: 'notFound' };
  }
  return { name: 'notFound' };
}

/** Hash of the report list. */
export const REPORTS_HREF = '#/';

/** Hash of one report. */
export function reportHref(id: string): string {
  return `#/reports/${encodeURIComponent(id)}`;
}

/** Hash of one section within its report's page. */
export function sectionHref(reportId: string, sectionId: string): string {
  return `${reportHref(reportId)}/sections/${encodeURIComponent(sectionId)}`;
}

/** Hash of a report's sub-page (office pages, the history and the final draft). */
export function reportPageHref(id: string, page: 'outline' | 'board' | 'history' | 'final'): string {
  return `${reportHref(id)}/${page}`;
}

/** Hash of a locked version of a report's final draft. */
export function versionHref(id: string, version: number): string {
  return `${reportHref(id)}/versions/${version}`;
}

/** Hash of a version's page with 对比 open against another version or the current final draft. */
export function versionCompareHref(id: string, version: number, compare: number | 'final'): string {
  return `${versionHref(id, version)}/compare/${compare}`;
}

/** Hash of the new-report page. */
export const NEW_REPORT_HREF = '#/reports/new';

/** Hash of the 导入报告 page. */
export const IMPORT_REPORT_HREF = '#/reports/import';
