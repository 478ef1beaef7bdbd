/**
 * `hegao audit verify`: checks the audit chain (packages/storage audit.ts) and says, in Chinese,
 * how many records it checked or which record was altered, removed or inserted. `--json` gives the
 * same result for programs. Exit code 0 when the chain is whole, 1 when it is not.
 */
import { verifyAuditChain, type AuditFailure, type AuditResult, type Db } from '@hegao/storage';

/** What `audit verify` prints and its exit code. */
export interface AuditOutput {
  text: string;
  exitCode: 0 | 1;
}

const PROBLEM: Record<AuditFailure['problem'], string> = { altered: '被修改', removed: '被删除', inserted: '是插入的' };

/** The record a failure names: 「第 N 条记录（events #123）」, or 「记录（events #124）」 for a row no record covers. */
function recordName(f: AuditFailure): string {
  const row = `${f.table} #${f.ref}`;
  return f.position === null ? `记录（${row}）` : `第 ${f.position} 条记录（${row}）`;
}

/** The Chinese report of a verification. */
export function auditMessage(result: AuditResult, seconds: number): string {
  const { events, updates, comments, versions } = result.rows;
  const rows = `事件 ${events} 条、文字更新 ${updates} 条、批注 ${comments} 条、定稿版本 ${versions} 个`;
  if (result.ok) {
    return [`已校验 ${result.records} 条记录（${rows}），链完整`, `链头：第 ${result.head.seq} 条 ${result.head.hash}`, `用时 ${seconds.toFixed(2)} 秒`].join('\n');
  }
  const f = result.failure!;
  const why = f.position === null && f.problem === 'inserted' ? '是插入的，不在记录链中' : PROBLEM[f.problem];
  return [`校验失败：${recordName(f)}${why}`, `此前 ${result.records} 条记录完好（${rows}）`, `详情：${f.detail}`].join('\n');
}

/** Runs the verification on `db` and renders it (`json`: one JSON object). */
export async function auditVerify(db: Db, json: boolean): Promise<AuditOutput> {
  const started = performance.now();
  const result = await verifyAuditChain(db);
  const seconds = (performance.now() - started) / 1000;
  const exitCode = result.ok ? 0 : 1;
  if (json) return { text: JSON.stringify({ ...result, seconds: Number(seconds.toFixed(3)) }), exitCode };
  return { text: auditMessage(result, seconds), exitCode };
}
