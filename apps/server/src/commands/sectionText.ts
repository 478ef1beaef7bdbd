/** Reading back the stored text of a section, live or deleted (`GET /api/sections/:id/text`). */
import type { SectionText } from '@hegao/contract';
import { decide } from '@hegao/domain';
import type { User } from '@hegao/domain';
import { countChars, fragmentToText } from '@hegao/schema';
import { SqlDocStore, getReport, getSectionAnyState, type Db } from '@hegao/storage';
import * as Y from 'yjs';
import { loadDocument, silentLogger } from '@hegao/collab';
import { notFound, refusal } from '../http/ApiError.js';

/**
 * Plain text of a document as stored (checkpoint plus every later update); '' for a document
 * never written. Read from the store, not a room: a deleted document has no room and must not get
 * one. Loaded in slices (`loadDocument`), so a long log does not hold the server.
 */
export async function storedText(db: Db, docName: string): Promise<string> {
  const source = await new SqlDocStore(db).loadPages(docName);
  if (!source.checkpoint && source.lastSeq === 0) return '';
  const doc = new Y.Doc();
  try {
    await loadDocument(doc, source, { docName, logger: silentLogger });
    return fragmentToText(doc.getXmlFragment('prosemirror'));
  } finally {
    doc.destroy();
  }
}

/**
 * The stored text of a section, deleted ones included, for whoever `decide(…, 'section.read')`
 * allows on it (so a deleted section can be read back from the history). 404 「章节不存在」 for an
 * unknown id or a section of an unknown report.
 * @example await sectionText(db, user, 's7') // { title: '（三）安全生产', deletedAt: '2020-07-01T…', text: '…', chars: 412, … }
 */
export async function sectionText(db: Db, user: User, sectionId: string): Promise<SectionText> {
  const section = await getSectionAnyState(db, sectionId);
  if (!section) throw notFound('章节');
  const report = await getReport(db, section.reportId);
  if (!report) throw notFound('章节');
  const decision = decide(user, 'section.read', { report, section });
  if (!decision.ok) throw refusal(decision.code, decision.reason);
  const text = await storedText(db, section.docName);
  return {
    id: section.id,
    reportId: section.reportId,
    title: section.title,
    deletedAt: section.deletedAt === null ? null : new Date(section.deletedAt).toISOString(),
    text,
    chars: countChars(text),
  };
}
