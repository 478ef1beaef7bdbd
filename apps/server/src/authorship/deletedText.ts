/**
 * Deleted text of a document, for 显示修改人 with deletions shown: every run of characters deleted
 * from a paragraph that is still there, where it stood in the current text, who wrote it and who
 * deleted it (a document that keeps deleted content holds them all; the log says who and when).
 */
import { textWithRuns } from '@hegao/schema';
import { eachAttributedUpdate, type Db } from '@hegao/storage';
import * as Y from 'yjs';
import type { AuthorIndex, WriteRecord } from './authorIndex.js';
import { SESSION_GAP_MS } from './authorSpans.js';
import { DeletionIndex } from './textDiff.js';

/** Deleted characters `text`, which stood before character `offset` of the current text. */
export interface DeletedRun {
  offset: number;
  text: string;
  writer: WriteRecord | null;
  deleter: WriteRecord | null;
}

const CACHED = 64;
const cache = new Map<string, { deletions: DeletionIndex; lastSeq: number }>();

/** The deletion index of a document's whole log, kept and extended like the author index. */
export async function deletionsOf(db: Db, docName: string): Promise<DeletionIndex> {
  const entry = cache.get(docName) ?? { deletions: new DeletionIndex(), lastSeq: 0 };
  cache.delete(docName);
  for await (const row of eachAttributedUpdate(db, docName, entry.lastSeq)) {
    entry.deletions.add(row.data, { userId: row.userId, bureauId: row.bureauId, at: row.createdAt });
    entry.lastSeq = row.seq;
  }
  cache.set(docName, entry);
  while (cache.size > CACHED) cache.delete(cache.keys().next().value!);
  return entry.deletions;
}

const same = (a: WriteRecord | null, b: WriteRecord | null) =>
  a === b || (a !== null && b !== null && a.userId === b.userId && a.bureauId === b.bureauId && Math.abs(a.at - b.at) <= SESSION_GAP_MS);

/**
 * The deleted runs of `doc` (which must keep deleted content), in document order.
 * @example deletedRuns(doc, index, await deletionsOf(db, name)) // [{ offset: 4, text: '6.5', writer: …, deleter: … }]
 */
export function deletedRuns(doc: Y.Doc, index: AuthorIndex, deletions: DeletionIndex): DeletedRun[] {
  const ds = Y.createDeleteSetFromStructStore(doc.store);
  // Present paragraphs with every character they ever held, deleted ones included.
  const union = textWithRuns(doc.getXmlFragment('prosemirror'), { visible: (item) => item.content instanceof Y.ContentString || !item.deleted });
  const runs: DeletedRun[] = [];
  let removedBefore = 0;
  let lastEnd = -1;
  for (const run of union.runs) {
    for (let i = run.start; i < run.end; i++) {
      const id = Y.createID(run.client, run.clock + (i - run.start));
      if (!Y.isDeleted(ds, id)) continue;
      const offset = i - removedBefore;
      removedBefore++;
      const writer = index.find(id.client, id.clock)?.record ?? null;
      const deleter = deletions.find(id.client, id.clock);
      const last = runs[runs.length - 1];
      if (last && lastEnd === i && last.offset === offset && same(last.writer, writer) && same(last.deleter, deleter)) last.text += union.text[i]!;
      else runs.push({ offset, text: union.text[i]!, writer, deleter });
      lastEnd = i + 1;
    }
  }
  return runs;
}
