import { useRef } from 'react';
import { finalApi, type Version } from '../../api/finalApi';
import { useResource, type Resource } from '../useResource';

/** The versions of a report, and the last list loaded (kept on screen while it is loaded again). */
export interface VersionsState {
  resource: Resource<Version[]>;
  /** The current list, or the previous one while reloading; null before the first load. */
  versions: Version[] | null;
}

/**
 * The locked versions of a report, oldest first. `revision` changes whenever they may have changed
 * (the report's status or version moved, or an action finished), which loads them again.
 */
export function useVersions(reportId: string, revision: string): VersionsState {
  const resource = useResource(`${reportId}|${revision}`, (signal) => finalApi.listVersions(reportId, signal));
  const last = useRef<{ reportId: string; versions: Version[] } | null>(null);
  if (resource.status === 'ready' && last.current?.versions !== resource.data) last.current = { reportId, versions: resource.data };
  const kept = last.current && last.current.reportId === reportId ? last.current.versions : null;
  return { resource, versions: resource.status === 'ready' ? resource.data : kept };
}
