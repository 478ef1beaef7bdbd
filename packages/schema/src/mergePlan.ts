// What a merge (合稿) writes, decided from what it read: the sections in outline order, the final
// draft, and what the previous merge took of each section. Pure: the server reads, calls
// planMerge, and writes what it answers (apps/server/src/commands/merge.ts).
import type { EditDecision, EditResolution, MergeChange, OfficeEdit, ParagraphChoice, ParagraphConflict, ParagraphMergeView } from '@hegao/contract';
import * as Y from 'yjs';
import { blocksFingerprint, canonicalJSON, composeFinal, detachSection, editedInDraft, replaceSection, replaceSpan, sectionBlocks, sectionInDraft, sourceOf, type ComposeSection } from './compose.js';
import { docToText, fragmentToJSON, jsonToFragment, type PMJSON } from './convert.js';
import { blockText, countPieces, mergeParagraphs, resolveParagraphs, type ParagraphMerge } from './paragraphMerge.js';

/**
 * A paragraph conflict as text, before it is decided: the contract's `PARAGRAPH_CONFLICT`
 * without the decision's fields.
 */
export type ParagraphConflictView = Omit<ParagraphConflict, 'choice' | 'defaulted'>;

/** A conflict as a merge decided it: the contract's conflict with `choice` and `defaulted` always set. */
export type DecidedConflictView = ParagraphConflictView & Required<Pick<ParagraphConflict, 'choice' | 'defaulted'>>;

/** The contract's `PARAGRAPH_MERGE_VIEW` with its conflicts narrowed to `C` (undecided or decided). */
type MergeViewOf<C extends ParagraphConflictView> = Omit<ParagraphMergeView, 'conflicts'> & { conflicts: C[] };

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

/** Input of {@link planMerge}. */
export interface MergeInput<S extends MergeSection, P extends MergedSource = MergedSource> {
  /** Every live section in outline order. */
  sections: readonly S[];
  /** What the previous merges took, by section (empty before the first merge). */
  sources: ReadonlyMap<string, P>;
  /** The final draft as it reads now; null before the first merge. */
  draft: PMJSON | null;
  /** By section id, for sections the office edited in the final draft since the last merge. */
  resolve?: Readonly<Record<string, EditDecision>> | undefined;
  /**
   * By section id, the section's text (doc JSON) as the previous merge took it, at its
   * `sourceSeq`: the base of a paragraph merge. Needed for the sections whose text changed.
   */
  baseContent?: ReadonlyMap<string, PMJSON> | undefined;
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
  /** The paragraph merge offered for the office's edits; null where none is. */
  paragraphMerge: ParagraphMerge | null;
  /** For `merge`: the choices asked for, by conflict index. */
  choices: Readonly<Record<string, ParagraphChoice>>;
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
  detail: {
    remerge: boolean;
    sections: string[];
    removed: string[];
    kept: string[];
    merged: string[];
    replacedEdits: { sectionId: string; title: string; text: string | null }[];
    mergedEdits: { sectionId: string; title: string; text: string | null; bureauChosen: number[] }[];
  };
  /** The re-merge's changes (empty on the first merge). */
  changes: MergeChange[];
}

/** A decision the request gave that cannot be carried out: 400/409 with `code` and a Chinese message. */
export interface MergeInvalid {
  kind: 'invalid';
  status: 400 | 409;
  code: 'paragraph_merge_unavailable' | 'invalid_paragraph_choice';
  message: string;
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
export function planMerge<S extends MergeSection, P extends MergedSource>(input: MergeInput<S, P>): MergePlan<S, P> | MergeRefusal<S, P> | MergeInvalid {
  const { sections: gathered, sources, draft, resolve, baseContent } = input;
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
      const base = t.section && t.previous && baseContent?.get(t.sectionId);
      if (t.section && t.previous && base) t.paragraphMerge = mergeParagraphs(baseBlocks(t.section, t.previous, base), sectionSpan(draft, t.sectionId), sectionBlocks(t.section));
      const decision = resolve && Object.hasOwn(resolve, t.sectionId) ? (resolve[t.sectionId] ?? null) : null;
      if (decision === null || typeof decision === 'string') {
        t.resolution = decision;
        continue;
      }
      const name = t.section ? `${t.section.number}${t.section.title}` : t.title;
      if (!t.paragraphMerge) {
        const why = t.section ? '没有上次合稿时的章节内容' : '该节已从大纲中删除';
        return { kind: 'invalid', status: 409, code: 'paragraph_merge_unavailable', message: `“${name}”不能逐段合并（${why}），请选择“替换”或“保留”` };
      }
      const count = t.paragraphMerge.conflicts.length;
      for (const key of Object.keys(decision.paragraphs)) {
        const n = Number(key);
        if (!Number.isInteger(n) || n < 0 || n >= count) {
          const has = count === 0 ? '没有需要选择的段落冲突' : `只有${count}处段落冲突（第1至${count}处）`;
          return { kind: 'invalid', status: 400, code: 'invalid_paragraph_choice', message: `“${name}”${has}，没有第${Number.isInteger(n) ? n + 1 : key}处，请刷新后重新选择` };
        }
      }
      t.resolution = 'merge';
      t.choices = decision.paragraphs;
    }
    const unresolved = targets.filter((t) => t.officeText !== null && t.resolution === null);
    if (unresolved.length > 0) {
      return {
        kind: 'office_edits',
        targets: unresolved,
        edits: unresolved.map((t) => ({
          sectionId: t.sectionId,
          title: t.title,
          before: t.before,
          after: t.after,
          officeText: t.officeText ?? '',
          paragraphs: t.paragraphMerge ? mergeView(t.paragraphMerge, {}, (c) => c) : null,
        })),
      };
    }
  }

  let next = draft ?? composeFinal(gathered);
  if (draft) {
    const order = gathered.map((g) => g.sectionId);
    for (const t of targets) {
      const preceding = order.slice(0, order.indexOf(t.sectionId));
      if (t.resolution === 'keep') next = t.section ? next : detachSection(next, t.sectionId);
      else if (t.resolution === 'merge' && t.paragraphMerge) next = replaceSpan(next, t.sectionId, mergedBlocks(t), { preceding });
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
    // After a paragraph merge, the section's own blocks: paragraphs where the office's wording was
    // kept stay the office's edits, so the section's next change asks about them again.
    blocks: blocksFingerprint(sectionInDraft(t.resolution === 'merge' && t.section ? roundTrip(composeFinal([t.section])) : written, t.sectionId).blocks),
  }));

  const ids = (pick: (t: MergeTarget<S, P>) => boolean) => targets.filter(pick).map((t) => t.sectionId);
  const detail = {
    remerge,
    sections: ids((t) => t.section !== null && t.resolution !== 'keep'),
    removed: ids((t) => t.section === null && t.resolution !== 'keep'),
    kept: ids((t) => t.resolution === 'keep'),
    merged: ids((t) => t.resolution === 'merge'),
    // The office's text this merge replaced, for the history (the draft's update log keeps it too).
    replacedEdits: targets.filter((t) => t.resolution === 'replace').map((t) => ({ sectionId: t.sectionId, title: t.title, text: t.officeText })),
    // The office's text before a paragraph merge, and the conflicts where the bureau's was taken.
    mergedEdits: targets
      .filter((t) => t.resolution === 'merge')
      .map((t) => ({
        sectionId: t.sectionId,
        title: t.title,
        text: t.officeText,
        bureauChosen: (t.paragraphMerge?.conflicts ?? []).filter((c) => t.choices[String(c.index)] === 'bureau').map((c) => c.index),
      })),
  };
  const changes: MergeChange[] = remerge
    ? targets.map((t) => ({
        sectionId: t.sectionId,
        title: t.title,
        before: t.before,
        after: t.after,
        officeText: t.officeText,
        resolution: t.resolution,
        paragraphs:
          t.resolution === 'merge' && t.paragraphMerge
            ? mergeView(t.paragraphMerge, t.choices, (c) => ({ ...c, choice: t.choices[String(c.index)] ?? 'office', defaulted: !Object.hasOwn(t.choices, String(c.index)) }))
            : null,
      }))
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
  return { sectionId, title, before: previous?.text ?? '', after, section, previous, officeText: null, resolution: null, paragraphMerge: null, choices: {} };
}

/** A paragraph merge's blocks as the draft takes them: the office's own paragraphs join the section. */
function mergedBlocks<S extends MergeSection, P extends MergedSource>(t: MergeTarget<S, P>): PMJSON[] {
  const blocks = resolveParagraphs(t.paragraphMerge!, t.choices);
  return blocks.map((b) => (sourceOf(b) === null ? { ...b, attrs: { ...b.attrs, source: t.sectionId } } : b));
}

function mergeView<C extends ParagraphConflictView>(
  merge: ParagraphMerge,
  choices: Readonly<Record<string, ParagraphChoice>>,
  decide: (c: ParagraphConflictView) => C,
): MergeViewOf<C> {
  const counts = countPieces(merge);
  return {
    conflicts: merge.conflicts.map((c) => decide({ index: c.index, base: blockText(c.base), office: blockText(c.office), bureau: blockText(c.bureau) })),
    fromBureau: counts.bureau,
    fromOffice: counts.office,
    same: counts.both,
    text: docToText({ type: 'doc', content: resolveParagraphs(merge, choices) }),
  };
}

/** Everything of a section in the draft from its first block to its last: the office's version of it. */
function sectionSpan(final: PMJSON, sectionId: string): PMJSON[] {
  const content = final.content ?? [];
  const first = content.findIndex((b) => sourceOf(b) === sectionId);
  return first < 0 ? [] : content.slice(first, content.findLastIndex((b) => sourceOf(b) === sectionId) + 1);
}

/**
 * The blocks the previous merge wrote for a section, rebuilt from its text then (`content`): the
 * heading as it read then (the first line of what that merge took), then the text.
 */
export function baseBlocks(section: MergeSection, previous: MergedSource, content: PMJSON): PMJSON[] {
  const blocks = sectionBlocks({ ...section, content });
  const heading = previous.text.split('\n', 1)[0] ?? '';
  if (!section.numbered || blocks[0]?.type !== 'heading') return blocks;
  return [{ ...blocks[0], ...(heading ? { content: [{ type: 'text', text: heading }] } : { content: [] }) }, ...blocks.slice(1)];
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
