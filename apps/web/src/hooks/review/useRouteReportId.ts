import { useRoute } from '../../router/useRoute';

/** The id of the report the current page belongs to (report, 大纲, 看板, 合稿, 版本 pages), else null. */
export function useRouteReportId(): string | null {
  const route = useRoute();
  return 'id' in route ? route.id : null;
}
