import { finalApi, type VersionComparison, type VersionPoint } from '../../api/finalApi';
import { useResource, type Resource } from '../useResource';

/**
 * The comparison of 第`from`版 with `to` (a version or the current final draft), loaded whenever the
 * pair or `revision` changes; `null` pair: nothing is compared (the resource is ready with null).
 */
export function useVersionComparison(reportId: string, pair: { from: number; to: VersionPoint } | null, revision = ''): Resource<VersionComparison | null> {
  const key = pair ? `${reportId}|${pair.from}|${pair.to}|${revision}` : `${reportId}|none`;
  return useResource<VersionComparison | null>(key, (signal) => (pair ? finalApi.compareVersions(reportId, pair.from, pair.to, signal) : Promise.resolve(null)));
}
