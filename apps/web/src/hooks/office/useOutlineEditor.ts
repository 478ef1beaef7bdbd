import { useCallback, useMemo, useState } from 'react';
import { ApiError, toApiError } from '../../api/ApiError';
import type { AddedSection, OutlinePlace, SectionPatch } from '../../api/officeApi';
import { descendantCount, insertTarget, moveTarget, type MoveKind, type OutlineNode } from './outlineTree';
import type { SavePlan } from './assignmentDraft';
import { officeClient } from './officeClient';

/** Title a new section starts with; its title field is focused and selected to be typed over. */
export const NEW_SECTION_TITLE = '新章节';

/** A deletion waiting for the secretary's confirmation. */
export interface PendingDelete {
  sectionId: string;
  /** `一、…` as shown in the outline. */
  label: string;
  messages: string[];
  /** True once the server asked (409 confirm_required): confirming sends `?confirm=1`. */
  serverAsked: boolean;
}

/** The outline editor's actions and their shared state. */
export interface OutlineEditor {
  /** True while a change is being sent; structure buttons wait for it. */
  busy: boolean;
  /** The last failure, in Chinese from the server. */
  error: string | null;
  dismissError: () => void;
  /** The section whose title field should take focus (a section just added). */
  focusId: string | null;
  clearFocus: () => void;
  pendingDelete: PendingDelete | null;
  /**
   * The last sub-section added when it took over its parent's writing or its siblings' bureaus
   * (the page says so, handOverNotice); cleared by the next change or `dismissAdded`.
   */
  added: ({ sectionId: string } & Pick<AddedSection, 'handOver' | 'inherited'>) | null;
  dismissAdded: () => void;
  rename: (node: OutlineNode, title: string) => Promise<boolean>;
  patch: (node: OutlineNode, patch: SectionPatch) => Promise<boolean>;
  saveAssignment: (node: OutlineNode, plan: SavePlan) => Promise<boolean>;
  move: (node: OutlineNode, kind: MoveKind) => Promise<boolean>;
  add: (node: OutlineNode | null, where: 'child' | 'sibling') => Promise<boolean>;
  remove: (node: OutlineNode) => Promise<void>;
  confirmDelete: () => Promise<void>;
  cancelDelete: () => void;
}

/** How a row is named in messages: its number and title. */
export function nodeLabel(node: OutlineNode): string {
  return `${node.section.number}${node.section.title}`;
}

/**
 * The secretary's outline edits for one report. Each change is sent, then `refetch` reloads the
 * report so numbers follow from the server's tree. Deleting asks first when sub-sections go along,
 * and again with the server's own words when the section already holds text (409 confirm_required).
 */
export function useOutlineEditor(reportId: string, refetch: () => void): OutlineEditor {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [focusId, setFocusId] = useState<string | null>(null);
  const [pendingDelete, setPendingDelete] = useState<PendingDelete | null>(null);
  const [added, setAdded] = useState<OutlineEditor['added']>(null);

  const run = useCallback(
    async (work: () => Promise<unknown>): Promise<boolean> => {
      setBusy(true);
      setError(null);
      setAdded(null);
      try {
        await work();
        return true;
      } catch (e) {
        setError(toApiError(e).message);
        return false;
      } finally {
        setBusy(false);
        // Also after a failure: the outline may have changed under us (a 409 or 404 says so).
        refetch();
      }
    },
    [refetch],
  );

  const deleteNow = useCallback(
    async (target: Pick<PendingDelete, 'sectionId' | 'label'>, confirm: boolean) => {
      setBusy(true);
      setError(null);
      try {
        await officeClient.deleteSection(target.sectionId, confirm);
        setPendingDelete(null);
      } catch (e) {
        if (e instanceof ApiError && e.code === 'confirm_required' && !confirm) {
          setPendingDelete({ ...target, messages: [e.message], serverAsked: true });
        } else {
          setPendingDelete(null);
          setError(toApiError(e).message);
        }
      } finally {
        setBusy(false);
        refetch();
      }
    },
    [refetch],
  );

  return useMemo<OutlineEditor>(
    () => ({
      busy,
      error,
      dismissError: () => setError(null),
      focusId,
      clearFocus: () => setFocusId(null),
      pendingDelete,
      added,
      dismissAdded: () => setAdded(null),
      rename: (node, title) => run(() => officeClient.updateSection(node.id, { title })),
      patch: (node, patch) => run(() => officeClient.updateSection(node.id, patch)),
      saveAssignment: (node, plan) =>
        run(async () => {
          if (plan?.kind === 'assign') await officeClient.assignSection(node.id, plan.input);
          else if (plan?.kind === 'patch') await officeClient.updateSection(node.id, plan.patch);
        }),
      move: (node, kind) => {
        const place = moveTarget(node, kind);
        return place ? run(() => officeClient.moveSection(node.id, place)) : Promise.resolve(false);
      },
      add: (node, where) => {
        // Without a node: a new top-level section, last.
        const place: Partial<OutlinePlace> = node ? insertTarget(node, where) : { parentId: null };
        return run(async () => {
          const created = await officeClient.addSection(reportId, { title: NEW_SECTION_TITLE, ...place });
          setFocusId(created.id);
          if (created.handOver || created.inherited) setAdded({ sectionId: created.id, handOver: created.handOver, inherited: created.inherited });
        });
      },
      remove: async (node) => {
        const count = descendantCount(node);
        const target = { sectionId: node.id, label: nodeLabel(node) };
        if (count > 0) {
          setPendingDelete({ ...target, messages: [`“${target.label}”下有${count}个子章节，将一并删除。`], serverAsked: false });
          return;
        }
        await deleteNow(target, false);
      },
      confirmDelete: async () => {
        if (pendingDelete) await deleteNow(pendingDelete, pendingDelete.serverAsked);
      },
      cancelDelete: () => setPendingDelete(null),
    }),
    [busy, error, focusId, pendingDelete, added, run, deleteNow, reportId],
  );
}
