/**
 * `GET /api/reports/:id/versions/compare?from=<n>&to=<m|final>`: 第N版 against 第M版 of a report,
 * or a version against the current final draft, as a diff coloured by author. Every locked version
 * keeps the final draft's Yjs state at lock time, and the final draft only grows (deleted content
 * is kept), so both moments are snapshots of the current final draft and the diff is read from
 * it by character identity (see textDiff.ts): insertions with their writers, deletions with who
 * deleted them. What a merge wrote is named as the merge's (the secretary, `via` the merge).
 */
import { VERSION_COMPARE_QUERY, type VersionComparison, type VersionDiffPart, type VersionPoint } from '@hegao/contract';
import { decide, type User } from '@hegao/domain';
import { eachAttributedUpdate, getReport, getVersion } from '@hegao/storage';
import * as Y from 'yjs';
import type { AppContext } from '../context.js';
import { ApiError, notFound, refusal } from '../http/ApiError.js';
import { lookups } from '../presenters/lookups.js';
import { indexOf, presentUser, writeRecordOf } from './sectionAuthorship.js';
import { DeletionIndex, diffParts } from './textDiff.js';

export type { VersionPoint } from '@hegao/contract';

/**
 * `?from=` / `?to=` as the contract reads them (`VERSION_COMPARE_QUERY`): a version number (≥ 1),
 * or for `to` (`allowFinal`) also `final`; 400 `invalid_version` with the contract's message otherwise.
 */
export function parseVersionPoint(value: string | undefined, name: 'from' | 'to', allowFinal: false): number;
export function parseVersionPoint(value: string | undefined, name: 'from' | 'to', allowFinal: boolean): VersionPoint;
export function parseVersionPoint(value: string | undefined, name: 'from' | 'to', allowFinal: boolean): VersionPoint {
  const parsed = VERSION_COMPARE_QUERY.shape[name].safeParse(value);
  if (parsed.success && (allowFinal || parsed.data !== 'final')) return parsed.data;
  throw new ApiError(400, 'invalid_version', parsed.error?.issues[0]?.message ?? '参数 from 应为版本号');
}

/** A version's snapshot (its Yjs state at lock) and when it was locked. */
async function versionSnapshot(ctx: AppContext, reportId: string, n: number): Promise<{ snapshot: Y.Snapshot; lockedAt: string }> {
  const record = await getVersion(ctx.db, reportId, n);
  if (!record) throw notFound(`第${n}版`);
  const doc = new Y.Doc({ gc: false });
  try {
    Y.applyUpdate(doc, record.state);
    return { snapshot: Y.snapshot(doc), lockedAt: new Date(record.lockedAt).toISOString() };
  } finally {
    doc.destroy();
  }
}

/** Compares two versions of a report (or a version and the current final draft). */
export async function compareVersions(ctx: AppContext, user: User, reportId: string, from: number, to: VersionPoint): Promise<VersionComparison> {
  const report = await getReport(ctx.db, reportId);
  if (!report) throw notFound('报告');
  const decision = decide(user, 'report.read', { report });
  if (!decision.ok) throw refusal(decision.code, decision.reason);
  if (!report.finalDocName) throw notFound('合稿');
  const docName = report.finalDocName;
  const doc = await ctx.collab.doc(docName);
  const locked = async (n: number) => {
    const { snapshot, lockedAt } = await versionSnapshot(ctx, report.id, n);
    return { snapshot, side: { version: n, lockedAt } };
  };
  const current: { snapshot: Y.Snapshot; side: VersionComparison['to'] } = { snapshot: Y.snapshot(doc), side: { version: 'final', lockedAt: null } };
  const [a, b] = await Promise.all([locked(from), to === 'final' ? current : locked(to)]);
  const index = await indexOf(ctx.db, docName);
  const deletions = new DeletionIndex();
  for await (const row of eachAttributedUpdate(ctx.db, docName, 0)) deletions.add(row.data, writeRecordOf(row));
  const maps = await lookups(ctx.db);
  const parts = diffParts(doc, a.snapshot, b.snapshot, index, deletions).map((p): VersionDiffPart => {
    if (p.kind === 'equal' || !p.record) return { kind: p.kind, text: p.text };
    return { kind: p.kind, text: p.text, ...presentUser(p.record, maps), at: new Date(p.record.at).toISOString(), ...(p.record.via ? { merge: true as const } : {}) };
  });
  return { from: a.side, to: b.side, parts };
}
