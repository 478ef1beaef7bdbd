import { useCallback, useState } from 'react';
import { toApiError } from '../../api/ApiError';
import type { NewReportInput } from '../../api/officeApi';
import { navigate } from '../../router/navigate';
import { reportPageHref } from '../../router/route';
import { officeClient } from './officeClient';

/** Creating a report: `submit` posts it and opens its 大纲与分配 page; `error` is the server's Chinese message. */
export function useCreateReport(): { submitting: boolean; error: string | null; submit: (input: NewReportInput) => Promise<void> } {
  const [submitting, setSubmitting] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const submit = useCallback(async (input: NewReportInput) => {
    setSubmitting(true);
    setError(null);
    try {
      const report = await officeClient.createReport(input);
      navigate(reportPageHref(report.id, 'outline'));
    } catch (e) {
      setError(toApiError(e).message);
      setSubmitting(false);
    }
  }, []);
  return { submitting, error, submit };
}
