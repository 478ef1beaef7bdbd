// What a merge (合稿) writes, decided from what it read: the sections in outline order, the final
// draft, and what the previous merge took of each section. Pure: the server reads, calls
// planMerge, and writes what it answers (apps/server/src/commands/merge.ts).
import * as Y from 'yjs';
import { blocksFingerprint, canonicalJSON, composeFinal, detachSection, editedInDraft, replaceSection, sectionBlocks, sectionInDraft, type ComposeSection } from './compose.js';
import { fragmentToJSON, jsonToFragment, type PMJSON } from './convert.js';

/** What the secretary decided for a section the office edited in the final draft. */
export type EditResolution = 'replace' | 'keep';

/** A section in outline order with its current text, ready to compose. */
export interface MergeSection extends ComposeSection {
  /** What a merge takes of the section and compares on the next one: see {@link mergedText}. */
  text: string;
  /** The last stored sequence number of the section's document. */
  seq: number;
}

/** What the previous merge took of a section (a `merge_sources` row). */
export interface MergedSource {
  sectionId: string;
  sourceSeq: number;
  text: string;
  /** The blocks it left in the final draft, as {@link blocksFingerprint}; null for merges before these were recorded. */
  blocks: string | null;
}

/** One section whose text differs from what the previous merge took (plain text before and after). */
export interface MergeChange {
  sectionId: string;
  title: string;
  before: string;
  after: string;
  /**
   * The final draft's text of the section just before this merge, when the office had edited it
   * there since the previous merge (see sectionInDraft); null when it had not.
   */
  officeText: string | null;
  /** What became of those edits: replaced by the section's new text, or kept (the new text was not written); null without edits. */
  resolution: EditResolution | null;
}

/** A section the office edited in the final draft that this re-merge would replace or remove. */
export interface OfficeEdit {
  sectionId: string;
  title: string;
  /** What the previous merge took of the section. */
  before: string;
  /** The section's text now ('' for a section deleted from the outline). */
  after: string;
  /** The final draft's text of the section now, with the office's edits. */
  officeText: string;
}

/** Input of {@link planMerge}. */
export interface MergeInput<S extends MergeSection, P extends MergedSource = MergedSource> {
  /** Every live section in outline order. */
  sections: readonly S[];
  /** What the previous merges took, by section (empty before the first merge). */
  sources: ReadonlyMap<string, P>;
  /** The final draft as it reads now; null before the first merge. */
  draft: PMJSON | null;
  /** By section id, for sections the office edited in the final draft since the last merge. */
  resolve?: Readonly<Record<string, EditResolution>> | undefined;
}

/** A section to be replaced or removed by a re-merge, with the office's edits found in the draft. */
export interface MergeTarget<S extends MergeSection, P extends MergedSource = MergedSource> {
  sectionId: string;
  title: string;
  before: string;
  after: string;
  /** The section as gathered now; null for one deleted from the outline. */
  section: S | null;
  previous: P | null;
  officeText: string | null;
  resolution: EditResolution | null;
}

/** What a merge will write. */
export interface MergePlan<S extends MergeSection, P extends MergedSource = MergedSource> {
  kind: 'plan';
  remerge: boolean;
  targets: MergeTarget<S, P>[];
  /** The final draft to write (as it will read back from Yjs); null when it stays as it is. */
  next: PMJSON | null;
  /** What to record of each target for the next re-merge. */
  records: { sectionId: string; sourceSeq: number; text: string; blocks: string }[];
  /** The `report.merge` event's detail, without the report's status. */
  detail: { remerge: boolean; sections: string[]; removed: string[]; kept: string[]; replacedEdits: { sectionId: string; title: string; text: string | null }[] };
  /** The re-merge's changes (empty on the first merge). */
  changes: MergeChange[];
}

/** The office edited sections the merge would replace and the request did not say what to do. */
export interface MergeRefusal<S extends MergeSection, P extends MergedSource = MergedSource> {
  kind: 'office_edits';
  /** The undecided sections (their `section` names them with their number). */
  targets: MergeTarget<S, P>[];
  edits: OfficeEdit[];
}

/**
 * Plans a merge. The first merge (no `sources`) composes the whole draft. A re-merge replaces the
 * blocks of the sections whose text (heading line included) differs from what the previous merge
 * took, and removes those of sections deleted from the outline; one the office edited in the draft
 * since is replaced or kept as `resolve` says, and without a decision the plan is refused.
 */
export function planMerge<S extends MergeSection, P extends MergedSource>(input: MergeInput<S, P>): MergePlan<S, P> | MergeRefusal<S, P> {
  const { sections: gathered, sources, draft, resolve } = input;
  const remerge = sources.size > 0;
  const live = new Set(gathered.map((g) => g.sectionId));

  // A section changed when its text or its heading (number, title: renamed, moved, nested) did;
  // sections deleted from the outline since they were merged leave the draft too.
  const targets: MergeTarget<S, P>[] = [
    ...gathered
      .filter((g) => !remerge || sources.get(g.sectionId)?.text !== g.text)
      .map((g) => target(g.sectionId, g.title, g.text, g, sources.get(g.sectionId) ?? null)),
    ...(remerge ? [...sources.values()].filter((s) => !live.has(s.sectionId) && s.text !== '') : []).map((s) =>
      target<S, P>(s.sectionId, deletedTitle(s.text), '', null, s),
    ),
  ];
  if (draft && remerge) {
    for (const t of targets) {
      if (!t.previous || !editedInDraft(draft, t.sectionId, t.previous.blocks !== null ? { fingerprint: t.previous.blocks } : { text: t.previous.text })) continue;
      t.officeText = sectionInDraft(draft, t.sectionId).text;
      t.resolution = resolve && Object.hasOwn(resolve, t.sectionId) ? (resolve[t.sectionId] ?? null) : null;
    }
    const unresolved = targets.filter((t) => t.officeText !== null && t.resolution === null);
    if (unresolved.length > 0) {
      return {
        kind: 'office_edits',
        targets: unresolved,
        edits: unresolved.map((t) => ({ sectionId: t.sectionId, title: t.title, before: t.before, after: t.after, officeText: t.officeText ?? '' })),
      };
    }
  }

  let next = draft ?? composeFinal(gathered);
  if (draft) {
    const order = gathered.map((g) => g.sectionId);
    for (const t of targets) {
      if (t.resolution === 'keep') next = t.section ? next : detachSection(next, t.sectionId);
      else if (t.section) next = replaceSection(next, t.sectionId, sectionBlocks(t.section), { preceding: order.slice(0, order.indexOf(t.sectionId)) });
      else next = replaceSection(next, t.sectionId, []);
    }
  }
  // The draft as it will read back from Yjs: what the records' fingerprints must match next time.
  const written = roundTrip(next);
  const unchanged = draft !== null && canonicalJSON(written) === canonicalJSON(draft);
  const records = targets.map((t) => ({
    sectionId: t.sectionId,
    sourceSeq: t.section?.seq ?? t.previous?.sourceSeq ?? 0,
    text: t.section?.text ?? '',
    blocks: blocksFingerprint(sectionInDraft(written, t.sectionId).blocks),
  }));

  const ids = (pick: (t: MergeTarget<S, P>) => boolean) => targets.filter(pick).map((t) => t.sectionId);
  const detail = {
    remerge,
    sections: ids((t) => t.section !== null && t.resolution !== 'keep'),
    removed: ids((t) => t.section === null && t.resolution !== 'keep'),
    kept: ids((t) => t.resolution === 'keep'),
    // The office's text this merge replaced, for the history (the draft's update log keeps it too).
    replacedEdits: targets.filter((t) => t.resolution === 'replace').map((t) => ({ sectionId: t.sectionId, title: t.title, text: t.officeText })),
  };
  const changes: MergeChange[] = remerge
    ? targets.map((t) => ({ sectionId: t.sectionId, title: t.title, before: t.before, after: t.after, officeText: t.officeText, resolution: t.resolution }))
    : [];
  return {
    kind: 'plan',
    remerge,
    targets,
    next: unchanged || (remerge && targets.length === 0) ? null : written,
    records,
    detail,
    changes,
  };
}

function target<S extends MergeSection, P extends MergedSource>(sectionId: string, title: string, after: string, section: S | null, previous: P | null): MergeTarget<S, P> {
  return { sectionId, title, before: previous?.text ?? '', after, section, previous, officeText: null, resolution: null };
}

/**
 * What a merge takes of a section and compares on the next one: the heading line as the final
 * draft shows it (number and title; none for an unnumbered block), then the text.
 */
export function mergedText(section: { number: string; title: string; numbered: boolean }, text: string): string {
  return section.numbered ? `${section.number}${section.title}\n${text}` : text;
}

/** Title of a deleted section from what the last merge took of it (its numbered heading line, if any). */
export function deletedTitle(merged: string): string {
  const heading = /^(?:[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）|\d+\.|（\d+）|[①-⑳])(.+)$/.exec(merged.split('\n', 1)[0] ?? '');
  return `${heading?.[1] ?? '已删除的章节'}（已删除）`;
}

/** Doc JSON as it reads back once written into a Yjs document. */
export function roundTrip(json: PMJSON): PMJSON {
  const scratch = new Y.Doc();
  try {
    const frag = scratch.getXmlFragment('prosemirror');
    jsonToFragment(json, frag);
    return fragmentToJSON(frag);
  } finally {
    scratch.destroy();
  }
}
