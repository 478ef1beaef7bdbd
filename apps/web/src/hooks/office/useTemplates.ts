import type { ReportTemplate } from '../../api/officeApi';
import { useResource, type Resource } from '../useResource';
import { officeClient } from './officeClient';

/** The report templates (`GET /api/templates`). */
export function useTemplates(): Resource<ReportTemplate[]> {
  return useResource('office/templates', (signal) => officeClient.listTemplates(signal));
}
