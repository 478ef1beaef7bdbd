import { useCallback, useEffect, useMemo, useState } from 'react';
import type { Plugin } from 'prosemirror-state';
import type { EditorView } from 'prosemirror-view';
import { toApiError } from '../../api/ApiError';
import type { Thread } from '../../api/reviewApi';
import type { ReportSection } from '../../api/types';
import { encodeAnchor, quoteOf, type EncodedAnchor } from '../../editor/commentAnchors';
import { subscribeFocusRequests, takeFocusRequest } from './focusRequests';
import { highlightAnchors, openThreadCount } from './threadModel';
import { useCommentHighlights } from './useCommentHighlights';
import { useHasSelection } from './useEditorSelection';
import { useRouteReportId } from './useRouteReportId';
import { useThreads, type ThreadsResource } from './useThreads';

/** A comment being written: the range it is about, captured when 新建批注 was clicked. */
export interface CommentDraft {
  anchor: EncodedAnchor;
  quote: string;
}

/** Everything a section card needs for its 批注. */
export interface SectionComments extends ThreadsResource {
  /** For SectionEditor's `extraPlugins` (stable). */
  plugins: readonly Plugin[];
  /** Unresolved threads (the count on the 批注 button). */
  openCount: number;
  panelOpen: boolean;
  togglePanel: () => void;
  /** The thread shown as active (its text highlighted darker). */
  activeId: string | null;
  setActiveId: (id: string | null) => void;
  /** The editor has a non-empty selection: 新建批注 is possible. */
  canStartDraft: boolean;
  draft: CommentDraft | null;
  /** Why 新建批注 failed, if it did. */
  draftError: string | null;
  /** Captures the editor's selection as a new comment's range and opens the panel. */
  startDraft: () => void;
  cancelDraft: () => void;
  /** Posts the draft with its text; rejects with the server's message. */
  submitDraft: (body: string) => Promise<void>;
}

const NO_THREADS: Thread[] = [];

/**
 * The 批注 of one section: its threads (live), the highlight plugin for its editor, the side panel's
 * open state, the active thread and the draft of a new comment taken from the editor's selection.
 * Notification clicks that name a thread of this section open it.
 */
export function useSectionComments(section: ReportSection, view: EditorView | null): SectionComments {
  const reportId = useRouteReportId();
  const resource = useThreads(section.id, reportId);
  const threads = resource.threads ?? NO_THREADS;
  const [panelOpen, setPanelOpen] = useState(false);
  const [activeId, setActiveId] = useState<string | null>(null);
  const [draft, setDraft] = useState<CommentDraft | null>(null);
  const [draftError, setDraftError] = useState<string | null>(null);
  const hasSelection = useHasSelection(view);

  const openThread = useCallback((id: string) => {
    setPanelOpen(true);
    setActiveId(id);
  }, []);
  const anchors = useMemo(() => highlightAnchors(threads), [threads]);
  const plugins = useCommentHighlights(anchors, draft?.anchor ?? null, activeId, openThread);

  const sectionId = section.id;
  useEffect(() => {
    const take = () => {
      const request = takeFocusRequest(sectionId);
      if (request?.threadId) openThread(request.threadId);
    };
    take();
    return subscribeFocusRequests(take);
  }, [sectionId, openThread]);

  const togglePanel = useCallback(() => {
    if (panelOpen) {
      setDraft(null);
      setDraftError(null);
      setActiveId(null);
    }
    setPanelOpen(!panelOpen);
  }, [panelOpen]);

  const startDraft = useCallback(() => {
    setDraftError(null);
    if (!view || view.isDestroyed) return;
    const { from, to } = view.state.selection;
    const anchor = from < to ? encodeAnchor(view.state, from, to) : null;
    if (!anchor) {
      setDraftError('无法定位所选文字，请重新选择后再试');
      setPanelOpen(true);
      return;
    }
    setDraft({ anchor, quote: quoteOf(view.state, from, to) });
    setActiveId(null);
    setPanelOpen(true);
  }, [view]);

  const cancelDraft = useCallback(() => {
    setDraft(null);
    setDraftError(null);
  }, []);

  const { create } = resource;
  const submitDraft = useCallback(
    async (body: string) => {
      if (!draft) return;
      try {
        const thread = await create({ body, anchor: draft.anchor, quote: draft.quote });
        setDraft(null);
        setActiveId(thread.id);
      } catch (e) {
        throw toApiError(e);
      }
    },
    [draft, create],
  );

  return {
    ...resource,
    plugins,
    openCount: openThreadCount(threads),
    panelOpen,
    togglePanel,
    activeId,
    setActiveId,
    canStartDraft: hasSelection,
    draft,
    draftError,
    startDraft,
    cancelDraft,
    submitDraft,
  };
}
