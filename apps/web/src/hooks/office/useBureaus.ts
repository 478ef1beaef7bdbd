import type { BureauOption } from '../../api/officeApi';
import { useResource, type Resource } from '../useResource';
import { officeClient } from './officeClient';

/** The workspace's bureaus (`GET /api/bureaus`), the office first. */
export function useBureaus(): Resource<BureauOption[]> {
  return useResource('office/bureaus', (signal) => officeClient.listBureaus(signal));
}
