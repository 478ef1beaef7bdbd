import { useCallback, useState } from 'react';
import { toApiError } from '../../api/ApiError';
import type { Authorship } from '../../api/authorshipApi';
import { sectionHistoryApi, type SectionDiff, type SectionTimeline } from '../../api/sectionHistoryApi';
import { useResource, type Resource } from '../useResource';

/** A section's timeline (newest first); `reload` fetches it again. */
export function useSectionTimeline(sectionId: string): Resource<SectionTimeline> {
  return useResource(`timeline:${sectionId}`, (signal) => sectionHistoryApi.getTimeline(sectionId, signal));
}

/** The section's text and writers after update `seq`. */
export function useTextAt(sectionId: string, seq: number): Resource<Authorship> {
  return useResource(`text:${sectionId}:${seq}`, (signal) => sectionHistoryApi.getTextAt(sectionId, seq, signal));
}

/** The changes from `from` to `to` (null: now). */
export function useSectionDiff(sectionId: string, from: number, to: number | null): Resource<SectionDiff> {
  return useResource(`diff:${sectionId}:${from}:${to ?? 'now'}`, (signal) => sectionHistoryApi.getDiff(sectionId, from, to, signal));
}

/** State of a restore: busy while it runs, the server's message when it failed. */
export interface RestoreState {
  busy: boolean;
  error: string | null;
  restore: (seq: number) => Promise<boolean>;
}

/** Restores the section to the text at a seq; resolves true when the server did. */
export function useRestore(sectionId: string, onRestored: () => void): RestoreState {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const restore = useCallback(
    async (seq: number) => {
      setBusy(true);
      setError(null);
      try {
        await sectionHistoryApi.restore(sectionId, seq);
        onRestored();
        return true;
      } catch (e) {
        setError(toApiError(e).message);
        return false;
      } finally {
        setBusy(false);
      }
    },
    [sectionId, onRestored],
  );
  return { busy, error, restore };
}
