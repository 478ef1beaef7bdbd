/**
 * `GET /api/reports/:id/final/authorship`: who wrote each character of the final draft (合稿).
 * Text a merge wrote (stored under `merge:<eventId>`, see merge.ts) is given back to the people who
 * wrote it in the section it came from: each line of a block whose `source` is a section is looked
 * up, as it was at that merge (`merge_sources.source_seq`), among that section's lines, and its
 * characters take their writers there. Whatever the office typed after merging is the office's; a
 * merged line that matches no line of its section (the numbered heading, the office's edits
 * inside the merge) stays the merger's.
 */
import type { Authorship } from '@hegao/contract';
import { decide, type User } from '@hegao/domain';
import { textWithRuns, type TextWithRuns } from '@hegao/schema';
import { getReport, listMergeSources, listSections } from '@hegao/storage';
import * as Y from 'yjs';
import type { AppContext } from '../context.js';
import { notFound, refusal } from '../http/ApiError.js';
import { lookups } from '../presenters/lookups.js';
import { charRecords, joinSpans, type CharRecords } from './authorSpans.js';
import { documentAt, indexOf, presentSpans } from './sectionAuthorship.js';

/** A section's text as a merge took it, with each character's record. */
interface SourceText {
  text: TextWithRuns;
  records: CharRecords;
  /** Where the search for the next line starts (lines are taken in order). */
  next: number;
}

/** Lines of `source` equal to `line`, from `source.next` on (wrapping once), or -1. */
function findLine(source: SourceText, line: string): number {
  const { lines, text } = source.text;
  for (let k = 0; k < lines.length; k++) {
    const i = (source.next + k) % lines.length;
    const l = lines[i]!;
    if (l.end - l.start === line.length && text.slice(l.start, l.end) === line) return i;
  }
  return -1;
}

/**
 * Authorship of a report's final draft, for whoever may read the report; 404 「报告不存在」 for an
 * unknown report, 404 「合稿不存在」 before the first merge.
 */
export async function finalAuthorship(ctx: AppContext, user: User, reportId: string): Promise<Authorship> {
  const report = await getReport(ctx.db, reportId);
  if (!report) throw notFound('报告');
  const decision = decide(user, 'report.read', { report });
  if (!decision.ok) throw refusal(decision.code, decision.reason);
  if (!report.finalDocName) throw notFound('合稿');
  const docName = report.finalDocName;
  const doc = await ctx.collab.doc(docName);
  const final = textWithRuns(doc.getXmlFragment('prosemirror'));
  const records = charRecords(final.runs, await indexOf(ctx.db, docName), final.text.length);

  const [sources, sections] = await Promise.all([listMergeSources(ctx.db, report.id), listSections(ctx.db, report.id)]);
  const seqOf = new Map(sources.map((s) => [s.sectionId, s.sourceSeq]));
  const docOf = new Map(sections.map((s) => [s.id, s.docName]));
  const loaded = new Map<string, SourceText | null>();
  const sourceText = async (sectionId: string): Promise<SourceText | null> => {
    if (loaded.has(sectionId)) return loaded.get(sectionId)!;
    const sectionDoc = docOf.get(sectionId);
    const seq = seqOf.get(sectionId);
    let result: SourceText | null = null;
    if (sectionDoc !== undefined && seq !== undefined) {
      const at = await documentAt(ctx.db, sectionDoc, undefined, seq);
      try {
        const text = textWithRuns(at.getXmlFragment('prosemirror'));
        result = { text, records: charRecords(text.runs, await indexOf(ctx.db, sectionDoc), text.text.length), next: 0 };
      } finally {
        at.destroy();
      }
    }
    loaded.set(sectionId, result);
    return result;
  };

  for (const line of final.lines) {
    const merged = records.slice(line.start, line.end).some((r) => r?.via !== undefined);
    const source = line.block instanceof Y.XmlElement ? line.block.getAttribute('source') : undefined;
    if (!merged || typeof source !== 'string') continue;
    const section = await sourceText(source);
    if (!section) continue;
    const found = findLine(section, final.text.slice(line.start, line.end));
    if (found < 0) continue;
    section.next = found + 1;
    const from = section.text.lines[found]!.start;
    for (let i = line.start; i < line.end; i++) {
      // Only what the merge wrote: the office's later edits in the line stay the office's.
      if (records[i]?.via !== undefined) records[i] = section.records[from + (i - line.start)] ?? records[i];
    }
  }
  return { text: final.text, spans: presentSpans(joinSpans(records), await lookups(ctx.db)) };
}
