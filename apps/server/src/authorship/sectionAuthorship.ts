/**
 * `GET /api/sections/:id/authorship`: a section's text with, for every character, who wrote it
 * and when — from the server's own record (each stored update's authenticated user, bureau and
 * time, found by the Yjs clock ranges it wrote), never from anything a client says about itself.
 */
import type { Authorship, AuthorshipSpan, BureauRef, Writer } from '@hegao/contract';
import { decide, personColor } from '@hegao/domain';
import { loadDocument, silentLogger } from '@hegao/collab';
import { textWithRuns } from '@hegao/schema';
import { eachAttributedUpdate, getReport, getSection, type AttributedUpdate, type Db, type SectionRecord } from '@hegao/storage';
import type { PagedUpdate } from '@hegao/collab';
import * as Y from 'yjs';
import type { AppContext } from '../context.js';
import { notFound, refusal } from '../http/ApiError.js';
import { lookups } from '../presenters/lookups.js';
import type { Lookups } from '../presenters/report.js';
import { AuthorIndex, MERGE_CONNECTION_PREFIX, type WriteRecord } from './authorIndex.js';
import { authorSpans, type AuthorSpan } from './authorSpans.js';
import { deletedRuns, deletionsOf } from './deletedText.js';
import type { User } from '@hegao/domain';

/** Who wrote a stored update, as the indexes keep it (`via` marks what a merge wrote). */
export function writeRecordOf(row: AttributedUpdate): WriteRecord {
  const via = row.connectionId.startsWith(MERGE_CONNECTION_PREFIX) ? { via: row.connectionId } : {};
  return { userId: row.userId, bureauId: row.bureauId, at: row.createdAt, ...via };
}

/** A live section the user may read: 404 「章节不存在」 otherwise, or the refusal. */
export async function readableSection(ctx: AppContext, user: User, sectionId: string): Promise<SectionRecord> {
  const section = await getSection(ctx.db, sectionId);
  if (!section) throw notFound('章节');
  const report = await getReport(ctx.db, section.reportId);
  if (!report) throw notFound('章节');
  const decision = decide(user, 'section.read', { report, section });
  if (!decision.ok) throw refusal(decision.code, decision.reason);
  return section;
}
/** Indexes kept in memory (least recently used dropped first). */
const CACHED_INDEXES = 64;
const indexes = new Map<string, AuthorIndex>();

/**
 * The author index of a document's whole log, kept between requests and extended with what was
 * stored since (the log is append-only).
 */
export function indexOf(db: Db, docName: string): Promise<AuthorIndex> {
  // One reader per document at a time: two requests (or a request and the warm-up) extend the
  // same index one after the other, never add the same rows twice.
  const previous = building.get(docName) ?? Promise.resolve();
  const next = previous.catch(() => undefined).then(() => extendIndex(db, docName));
  building.set(docName, next);
  void next.finally(() => {
    if (building.get(docName) === next) building.delete(docName);
  }).catch(() => undefined);
  return next;
}

const building = new Map<string, Promise<AuthorIndex>>();

async function extendIndex(db: Db, docName: string): Promise<AuthorIndex> {
  let index = indexes.get(docName);
  indexes.delete(docName);
  if (!index) index = new AuthorIndex();
  for await (const row of eachAttributedUpdate(db, docName, index.lastSeq)) index.add(row.seq, row.data, writeRecordOf(row));
  indexes.set(docName, index);
  while (indexes.size > CACHED_INDEXES) indexes.delete(indexes.keys().next().value!);
  return index;
}

/**
 * Builds a document's author index in the background once it is loaded (CollabServer `onLoaded`),
 * so the first 显示修改人 of a long section finds it ready; a failure is only logged.
 */
export function warmAuthorIndex(db: Db, docName: string, onError: (err: unknown) => void): void {
  setImmediate(() => void indexOf(db, docName).catch(onError));
}

/**
 * The document as it was at `until` (ms) or up to seq `untilSeq`: every update stored by then,
 * applied in log order.
 */
export async function documentAt(db: Db, docName: string, until: number | undefined, untilSeq?: number): Promise<Y.Doc> {
  const doc = new Y.Doc({ gc: false });
  async function* pages() {
    const page: PagedUpdate[] = [];
    for await (const row of eachAttributedUpdate(db, docName, 0, { ...(until !== undefined ? { until } : {}), ...(untilSeq !== undefined ? { untilSeq } : {}) })) {
      page.push({ seq: row.seq, update: row.data });
      if (page.length === 2000) yield page.splice(0);
    }
    if (page.length > 0) yield page;
  }
  await loadDocument(doc, { checkpoint: null, checkpointSeq: 0, lastSeq: Number.MAX_SAFE_INTEGER, bindings: new Map(), pages: pages() }, { docName, logger: silentLogger });
  return doc;
}

/** Who nobody can be (a character the log does not cover; none in a healthy database). */
const UNKNOWN_USER: Writer = { id: '', username: '', name: '未知', color: '#7a818c' };

/** Ids of everyone of `user`'s bureau (their colours are told apart among them; see personColor). */
function peersOf(user: User | undefined, maps: Lookups): string[] | undefined {
  if (!user) return undefined;
  return [...maps.users.values()].filter((u) => u.bureauId === user.bureauId).map((u) => u.id);
}

/** A write record's person and bureau as the API presents them. */
export function presentUser(record: WriteRecord | null, maps: Lookups): { user: Writer; bureau: BureauRef | null } {
  if (!record) return { user: UNKNOWN_USER, bureau: null };
  const user = maps.users.get(record.userId);
  const bureau = record.bureauId ? maps.bureaus.get(record.bureauId) : undefined;
  return {
    user: {
      id: record.userId,
      username: user?.username ?? '',
      name: user?.name ?? '已删除的用户',
      // The colour of the person's current bureau, as their cursor shows it.
      color: personColor(record.userId, (user?.bureauId ? maps.bureaus.get(user.bureauId)?.color : null) ?? null, peersOf(user, maps)),
    },
    // The bureau the person wrote for at the time (from the log), by its current name.
    bureau: bureau ? { id: bureau.id, name: bureau.name } : null,
  };
}

/** Spans as the API presents them. */
export function presentSpans(spans: readonly AuthorSpan[], maps: Lookups): AuthorshipSpan[] {
  return spans.map((span) => ({ start: span.start, end: span.end, ...presentUser(span.record, maps), at: new Date(span.record?.at ?? 0).toISOString() }));
}

/**
 * Authorship of a document's text now (the live room's document) or at `at`.
 * @example await documentAuthorship(ctx, section.docName) // { text: '上半年…', spans: [{ start: 0, end: 12, user: { name: '张卫民', … }, … }] }
 */
export async function documentAuthorship(ctx: AppContext, docName: string, at?: Date | number, opts: { deleted?: boolean } = {}): Promise<Authorship> {
  // The document first, then the index: whatever the room has applied is stored by then.
  // `at`: a moment (Date) or a point of the log (seq).
  const doc =
    at === undefined
      ? await ctx.collab.doc(docName)
      : typeof at === 'number'
        ? await documentAt(ctx.db, docName, undefined, at)
        : await documentAt(ctx.db, docName, at.getTime());
  try {
    const { text, runs } = textWithRuns(doc.getXmlFragment('prosemirror'));
    const index = await indexOf(ctx.db, docName);
    const maps = await lookups(ctx.db);
    const view: Authorship = { text, spans: presentSpans(authorSpans(runs, index), maps) };
    if (opts.deleted) {
      view.deleted = deletedRuns(doc, index, await deletionsOf(ctx.db, docName)).map((run) => ({
        offset: run.offset,
        text: run.text,
        ...presentUser(run.writer, maps),
        at: new Date(run.writer?.at ?? 0).toISOString(),
        deletedBy: run.deleter ? { ...presentUser(run.deleter, maps), at: new Date(run.deleter.at).toISOString() } : null,
      }));
    }
    return view;
  } finally {
    if (at !== undefined) doc.destroy();
  }
}

/**
 * `GET /api/sections/:id/authorship` for whoever may read the section: 404 「章节不存在」 for an
 * unknown or deleted section.
 */
export async function sectionAuthorship(ctx: AppContext, user: User, sectionId: string, at?: Date | number, opts: { deleted?: boolean } = {}): Promise<Authorship> {
  const section = await readableSection(ctx, user, sectionId);
  return documentAuthorship(ctx, section.docName, at, opts);
}
