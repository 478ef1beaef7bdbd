import { useRef } from 'react';
import { finalApi, type VersionDetail } from '../../api/finalApi';
import { useResource, type Resource } from '../useResource';

/** One version, and the last copy loaded (kept on screen while it is loaded again). */
export interface VersionState {
  resource: Resource<VersionDetail>;
  /** The version, or the previous copy of the same version while reloading; null before the first load. */
  version: VersionDetail | null;
}

/** One locked version with its content; a new `revision` loads it again (e.g. for new unlock info). */
export function useVersion(reportId: string, version: number, revision = ''): VersionState {
  const resource = useResource(`${reportId}|${version}|${revision}`, (signal) => finalApi.getVersion(reportId, version, signal));
  const last = useRef<{ key: string; data: VersionDetail } | null>(null);
  const key = `${reportId}|${version}`;
  if (resource.status === 'ready' && last.current?.data !== resource.data) last.current = { key, data: resource.data };
  const kept = last.current && last.current.key === key ? last.current.data : null;
  return { resource, version: resource.status === 'ready' ? resource.data : kept };
}
