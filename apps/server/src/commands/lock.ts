/**
 * Lock (定稿) and unlock: a lock freezes the final draft as version N — its canonical ProseMirror
 * JSON, the SHA-256 of that text and the Yjs state, who and when — and turns every open editor of
 * the draft read-only; an unlock needs a reason, is recorded on version N (whose content never
 * changes) and reopens the draft for the office, to become N+1 at the next lock.
 */
import { createHash } from 'node:crypto';
import * as Y from 'yjs';
import { PM_NODE, type LockResult, type UnlockResult } from '@hegao/contract';
import { DomainError, applyReportAction, decide, type User } from '@hegao/domain';
import { canonicalJSON, docToText, fragmentToJSON, jsonToFragment, type PMJSON } from '@hegao/schema';
import { getReport, getVersion, lockVersion, unlockVersion, type ReportRecord, type VersionRecord } from '@hegao/storage';
import { identityOf } from '../collab/identity.js';
import type { AppContext } from '../context.js';
import { ApiError, notFound, refusal } from '../http/ApiError.js';

/** SHA-256 (hex) of a version's canonical JSON text, as UTF-8. */
export function contentHash(contentJson: string): string {
  return createHash('sha256').update(contentJson, 'utf8').digest('hex');
}

/** Locks the report's final draft as its next version; throws ApiError 403/404/409. */
export async function lockReport(ctx: AppContext, user: User, reportId: string): Promise<LockResult> {
  const report = await loadReport(ctx, reportId);
  const decision = decide(user, 'report.lock', { report });
  if (!decision.ok) throw refusal(decision.code, decision.reason);
  const docName = report.finalDocName;
  if (!docName) throw new ApiError(409, 'conflict', '报告尚未合稿，没有可定稿的内容');
  const next = apply(report, 'lock');

  const doc = await ctx.collab.doc(docName);
  // Edits to the draft are held while it is hashed and frozen, then judged by the locked state:
  // open editors turn read-only before the response is sent, and the version is exactly the draft.
  const { content, contentJson, sha256 } = await ctx.collab.changeAccess(docName, async () => {
    const content = fragmentToJSON(doc.getXmlFragment('prosemirror'));
    const contentJson = canonicalJSON(content);
    const sha256 = contentHash(contentJson);
    const locked = await lockVersion(ctx.db, {
      reportId: report.id,
      version: next.version,
      sha256,
      contentJson,
      state: Y.encodeStateAsUpdate(doc),
      lockedBy: user.id,
      lockedAt: Date.now(),
      event: { type: 'report.lock', detail: { from: report.status, to: next.status, version: next.version, sha256 } },
    });
    if (!locked) throw new ApiError(409, 'conflict', '报告状态刚刚发生了变化，请刷新后重试');
    return { content, contentJson, sha256 };
  });
  await restoreIfEditedWhileLocking(ctx, user, docName, content, contentJson);
  ctx.events.publish({ type: 'report.status', reportId: report.id, at: new Date().toISOString(), userId: user.id });
  ctx.logger.info('report locked', { reportId: report.id, userId: user.id, version: next.version, sha256 });
  return { version: next.version, sha256 };
}

/** Unlocks a locked report with a reason; throws ApiError 400/403/404/409. */
export async function unlockReport(ctx: AppContext, user: User, reportId: string, reason: string | undefined): Promise<UnlockResult> {
  const report = await loadReport(ctx, reportId);
  const decision = decide(user, 'report.unlock', { report, ...(reason !== undefined ? { reason } : {}) });
  if (!decision.ok) throw refusal(decision.code, decision.reason);
  const next = apply(report, 'unlock', reason);
  const text = (reason ?? '').trim();
  const unlocked = await unlockVersion(ctx.db, {
    reportId: report.id,
    version: report.version,
    unlockedBy: user.id,
    unlockedAt: Date.now(),
    reason: text,
    event: { type: 'report.unlock', detail: { from: report.status, to: next.status, version: report.version, reason: text } },
  });
  if (!unlocked) throw new ApiError(409, 'conflict', '报告状态刚刚发生了变化，请刷新后重试');
  if (report.finalDocName) await ctx.collab.refreshAccess(report.finalDocName);
  ctx.events.publish({ type: 'report.status', reportId: report.id, at: new Date().toISOString(), userId: user.id });
  ctx.logger.info('report unlocked', { reportId: report.id, userId: user.id, version: report.version });
  return { version: report.version, status: 'merging' };
}

/** A locked version as read back: its content parsed and its hash checked again. */
export interface VerifiedVersion {
  record: VersionRecord;
  /** The stored ProseMirror JSON; null when the stored text is not a document (it then fails verification). */
  content: PMJSON | null;
  text: string;
  /** True when the stored content still hashes to the stored SHA-256. */
  verified: boolean;
}

/** Reads version `n` of a report for a user who may read it; a failed check is logged as an error. */
export async function readVersion(ctx: AppContext, user: User, reportId: string, n: number): Promise<VerifiedVersion> {
  const report = await loadReport(ctx, reportId);
  const decision = decide(user, 'report.read', { report });
  if (!decision.ok) throw refusal(decision.code, decision.reason);
  const record = await getVersion(ctx.db, report.id, n);
  if (!record) throw notFound(`第${n}版`);
  let content: PMJSON | null = null;
  try {
    const parsed: unknown = JSON.parse(record.contentJson);
    // Stored text that is JSON but no document is as unreadable as text that is not JSON.
    if (PM_NODE.safeParse(parsed).success) content = parsed as PMJSON;
  } catch {
    // Unreadable content fails verification below.
  }
  const verified = content !== null && contentHash(record.contentJson) === record.sha256;
  if (!verified) {
    ctx.logger.error('locked version failed verification: its content does not match its SHA-256', { reportId: report.id, version: n, sha256: record.sha256 });
  }
  return { record, content, text: content ? docToText(content) : '', verified };
}

async function loadReport(ctx: AppContext, reportId: string): Promise<ReportRecord> {
  const report = await getReport(ctx.db, reportId);
  if (!report) throw notFound('报告');
  return report;
}

function apply(report: ReportRecord, action: 'lock' | 'unlock', reason?: string) {
  try {
    return applyReportAction(report, action, reason !== undefined ? { reason } : {});
  } catch (err) {
    if (err instanceof DomainError) throw refusal(err.code, err.message);
    throw err;
  }
}

/**
 * An edit already accepted when the lock was taken can reach the draft just after its snapshot;
 * it is not part of the version, so the draft is put back to the locked content (a locked
 * report's draft is always its last version).
 */
async function restoreIfEditedWhileLocking(ctx: AppContext, user: User, docName: string, content: PMJSON, contentJson: string): Promise<void> {
  const live = await ctx.collab.doc(docName);
  if (canonicalJSON(fragmentToJSON(live.getXmlFragment('prosemirror'))) === contentJson) return;
  ctx.logger.warn('final draft changed while it was being locked; restoring the locked content', { docName, userId: user.id });
  await ctx.collab.change(docName, await identityOf(ctx.db, user), (doc) => jsonToFragment(content, doc.getXmlFragment('prosemirror')));
}
