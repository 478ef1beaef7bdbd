import { useCallback, useState } from 'react';
import { toApiError } from '../../api/ApiError';
import { reviewApi } from '../../api/reviewApi';
import type { ReportSection } from '../../api/types';

/** The office's review of one section: 通过 and 退回 / 重新打开 with their progress. */
export interface SectionReview {
  busy: 'approve' | 'return' | null;
  /** The last failure of 通过 (退回 reports its failure to the dialog). */
  error: string | null;
  approve: () => Promise<void>;
  /** Returns (or reopens) with a reason; rejects with the server's message, for the dialog. */
  returnWith: (reason: string) => Promise<void>;
}

/**
 * Posts approve / return for a section and hands the updated section to `onChanged` (the page
 * refetches); a refusal calls `onRefused`, since the page's copy of the section may be stale.
 */
export function useSectionReview(sectionId: string, onChanged: (section: ReportSection) => void, onRefused: () => void): SectionReview {
  const [busy, setBusy] = useState<SectionReview['busy']>(null);
  const [error, setError] = useState<string | null>(null);

  const approve = useCallback(async () => {
    setBusy('approve');
    setError(null);
    try {
      onChanged(await reviewApi.approveSection(sectionId));
    } catch (e) {
      setError(`审核通过失败：${toApiError(e).message}`);
      onRefused();
    } finally {
      setBusy(null);
    }
  }, [sectionId, onChanged, onRefused]);

  const returnWith = useCallback(
    async (reason: string) => {
      setBusy('return');
      setError(null);
      try {
        onChanged(await reviewApi.returnSection(sectionId, reason));
      } catch (e) {
        onRefused();
        throw toApiError(e);
      } finally {
        setBusy(null);
      }
    },
    [sectionId, onChanged, onRefused],
  );

  return { busy, error, approve, returnWith };
}
