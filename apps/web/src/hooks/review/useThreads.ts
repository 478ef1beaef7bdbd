import { useCallback, useEffect, useRef, useState } from 'react';
import { toApiError } from '../../api/ApiError';
import { reviewApi, type NewCommentInput, type Thread } from '../../api/reviewApi';
import { addReply, upsertThread } from './threadModel';
import { useReportStream } from '../useReportStream';

/** A section's comment threads and what can be done with them. */
export interface ThreadsResource {
  /** Null until first loaded. */
  threads: Thread[] | null;
  /** The last load failed (threads, if any, are the ones loaded before). */
  error: string | null;
  reload: () => void;
  /** Starts a thread; rejects with an ApiError (message in Chinese). */
  create: (comment: NewCommentInput) => Promise<Thread>;
  /** Replies to a thread. */
  reply: (threadId: string, body: string) => Promise<void>;
  /** Resolves (true) or reopens (false) a thread. */
  setResolved: (threadId: string, resolved: boolean) => Promise<void>;
}

/**
 * Loads a section's threads, and again on the report's `comment` events for this section (and after
 * the event stream reconnects). Answers of the section's own actions are merged at once.
 */
export function useThreads(sectionId: string, reportId: string | null): ThreadsResource {
  const [threads, setThreads] = useState<Thread[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [attempt, setAttempt] = useState(0);
  const id = sectionId;
  // Local answers that arrive while a load is under way must not be overwritten by its older result.
  const generation = useRef(0);

  useEffect(() => {
    const controller = new AbortController();
    const started = ++generation.current;
    reviewApi.listComments(id, controller.signal).then(
      (loaded) => {
        if (controller.signal.aborted || started !== generation.current) return;
        setThreads(loaded);
        setError(null);
      },
      (e: unknown) => {
        if (controller.signal.aborted) return;
        setError(toApiError(e).message);
      },
    );
    return () => controller.abort();
  }, [id, attempt]);

  const reload = useCallback(() => setAttempt((n) => n + 1), []);

  useReportStream(reportId, (event) => {
    // Not on the stream's first opening: every card would load its comments twice at page load.
    if ((event.type === 'reconnected' && !event.first) || (event.type === 'comment' && (event.sectionId === undefined || event.sectionId === id))) reload();
  });

  const apply = useCallback((change: (current: Thread[]) => Thread[]) => {
    generation.current += 1;
    setThreads((current) => change(current ?? []));
  }, []);

  const create = useCallback(
    async (comment: NewCommentInput) => {
      const thread = await reviewApi.createComment(id, comment);
      apply((current) => upsertThread(current, thread));
      return thread;
    },
    [id, apply],
  );
  const reply = useCallback(
    async (threadId: string, body: string) => {
      const comment = await reviewApi.reply(threadId, body);
      apply((current) => addReply(current, comment));
    },
    [apply],
  );
  const setResolved = useCallback(
    async (threadId: string, resolved: boolean) => {
      const thread = await reviewApi.setResolved(threadId, resolved);
      apply((current) => upsertThread(current, thread));
    },
    [apply],
  );

  return { threads, error, reload, create, reply, setResolved };
}
