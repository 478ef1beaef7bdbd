import { useCallback, useEffect, useMemo, useState, useSyncExternalStore } from 'react';
import type { Plugin } from 'prosemirror-state';
import type * as Y from 'yjs';
import { authorshipApi, type Authorship } from '../../api/authorshipApi';
import { ValueStore } from '../../collab/ValueStore';
import { authorshipMarksPlugin, type ActiveRun, type AuthorshipShown } from '../../editor/authorshipMarks';
import { AuthorshipLoader, type AuthorshipLoad } from './authorshipLoader';

/** Everything an editor's card or page needs for 显示修改人. */
export interface AuthorshipView extends AuthorshipLoad {
  on: boolean;
  toggle: () => void;
  /** For SectionEditor's `extraPlugins` (stable). */
  plugins: readonly Plugin[];
  /** The run whose card is shown (pointer, tap or caret), or null. */
  active: ActiveRun | null;
  /** Closes the card (Esc). */
  close: () => void;
  /** Deleted text shown struck through (when the answer lists it). */
  showDeleted: boolean;
  toggleDeleted: () => void;
}

/**
 * 显示修改人 of one document: while on, its authorship is fetched with `fetch` (a stable function)
 * and kept live (./authorshipLoader), and laid onto the editor as tints (editor/authorshipMarks);
 * the card follows the pointer and caret. `readOnly`: the editor has no caret, so the runs become
 * tab stops showing their card on focus.
 */
export function useAuthorship(doc: Y.Doc, fetch: (signal: AbortSignal) => Promise<Authorship>, readOnly: boolean): AuthorshipView {
  const [on, setOn] = useState(false);
  const [showDeleted, setShowDeleted] = useState(false);
  const [active, setActive] = useState<ActiveRun | null>(null);
  const loader = useMemo(() => new AuthorshipLoader({ doc, fetch }), [doc, fetch]);
  const load = useSyncExternalStore(loader.state.subscribe, loader.state.get);
  const [setup] = useState(() => {
    const source = new ValueStore<AuthorshipShown | null>(null);
    const plugins = [authorshipMarksPlugin({ source, onActive: setActive })] as const;
    return { source, plugins };
  });

  useEffect(() => {
    if (!on) return;
    loader.start();
    return () => loader.stop();
  }, [on, loader]);

  useEffect(() => {
    setup.source.set(on && load.data ? { ...load.data, focusable: readOnly, showDeleted } : null);
    if (!on || !load.data) setActive(null);
  }, [setup, on, load.data, readOnly, showDeleted]);

  const toggle = useCallback(() => setOn((v) => !v), []);
  const close = useCallback(() => setActive(null), []);
  const toggleDeleted = useCallback(() => setShowDeleted((v) => !v), []);
  return { ...load, on, toggle, plugins: setup.plugins, active: on ? active : null, close, showDeleted, toggleDeleted };
}

/** 显示修改人 of a section (`GET /api/sections/:id/authorship`). */
export function useSectionAuthorship(sectionId: string, doc: Y.Doc, readOnly: boolean): AuthorshipView {
  const fetch = useCallback((signal: AbortSignal) => authorshipApi.getAuthorship(sectionId, { signal, deleted: true }), [sectionId]);
  return useAuthorship(doc, fetch, readOnly);
}

/** 显示修改人 of a report's final draft (`GET /api/reports/:id/final/authorship`). */
export function useFinalAuthorship(reportId: string, doc: Y.Doc, readOnly: boolean): AuthorshipView {
  const fetch = useCallback((signal: AbortSignal) => authorshipApi.getFinalAuthorship(reportId, { signal }), [reportId]);
  return useAuthorship(doc, fetch, readOnly);
}
