import { api } from '../api/api';
import type { ReportSummary } from '../api/types';
import { useResource, type Resource } from './useResource';

/** The reports visible to the signed-in user. */
export function useReports(): Resource<ReportSummary[]> {
  return useResource('reports', (signal) => api.listReports(signal));
}
