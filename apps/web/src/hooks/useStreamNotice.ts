import { useEffect, useState } from 'react';
import { subscribeStreamNotice } from './reportStream';

/** Why the report's live updates are refused (Chinese, for the page), or null while they work. */
export function useStreamNotice(reportId: string): string | null {
  const [notice, setNotice] = useState<string | null>(null);
  useEffect(() => subscribeStreamNotice(reportId, setNotice), [reportId]);
  return notice;
}
