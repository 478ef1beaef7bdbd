import { api } from '../api/api';
import type { ReportDetail } from '../api/types';
import { useResource, type Resource } from './useResource';

/** One report with its outline. */
export function useReport(id: string): Resource<ReportDetail> {
  return useResource(`report:${id}`, (signal) => api.getReport(id, signal));
}
