/**
 * `audit verify` speed (issue 12, item 6; goal ≥ 50,000 records/s). Builds a SQLite file of
 * HEGAO_BENCH_AUDIT_RECORDS (default 200,000) audit chain records through the real storage code —
 * half events (`recordEvent`), half stored batches of one or two text updates (`appendUpdates`, as
 * a group commit stores them), a comment every 1,000 — in transactions of 1,000 records, then
 * times `verifyAuditChain` on it (the function `hegao audit verify` runs) three times on a fresh
 * connection and reports the median, in chain records and in rows per second.
 *
 *   npm run bench:audit   (from tests/; the root `npm run bench` runs every benchmark)
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AppendEntry } from '@hegao/collab';
import { appendUpdates, createComment, createReport, createUser, inTransaction, openSqlite, recordEvent, verifyAuditChain } from '@hegao/storage';

const RECORDS = Number(process.env.HEGAO_BENCH_AUDIT_RECORDS ?? 200_000);
const PER_TRANSACTION = 1_000;

/** A plausible keystroke update: ~30 bytes, varying. */
function update(i: number): Uint8Array {
  const bytes = new Uint8Array(24 + (i % 16));
  for (let j = 0; j < bytes.length; j++) bytes[j] = (i * 31 + j * 7) & 0xff;
  return bytes;
}

/** Writes RECORDS chain records into a new database at `file`; returns the seconds it took. */
async function build(file: string): Promise<number> {
  const db = await openSqlite(file);
  const userId = (await createUser(db, { username: 'bench', name: '基准', role: 'leader', bureauId: null, passwordHash: 'x' })).id;
  const reportId = (await createReport(db, { title: '基准', period: '2020年', kind: 'custom', dueDate: null, createdBy: null })).id;
  const started = performance.now();
  let written = 1; // the account.create event
  let seq = 0;
  while (written < RECORDS) {
    const n = Math.min(PER_TRANSACTION, RECORDS - written);
    await inTransaction(db, async (tx) => {
      for (let i = 0; i < n; i++) {
        const k = written + i;
        if (k % 1000 === 999) {
          await createComment(tx, { reportId, docName: `d${k % 40}`, sectionId: null, parentId: null, body: `第${k}条批注`, authorId: userId });
        } else if (k % 2 === 0) {
          await recordEvent(tx, { reportId, sectionId: `s${k % 40}`, actorId: userId, type: 'section.submit', detail: { from: 'drafting', to: 'submitted' } });
        } else {
          // One or two updates per stored batch, as a group commit stores them while people type.
          const entries: AppendEntry[] = [];
          for (let j = 0; j < (k % 3 === 0 ? 2 : 1); j++) {
            entries.push({ docName: `d${k % 40}`, update: update(seq++), author: { userId, bureauId: 'b1', connectionId: 'c1' }, createdAt: Date.now(), bindClients: [] });
          }
          await appendUpdates(tx, entries);
        }
      }
    });
    written += n;
  }
  await db.close();
  return (performance.now() - started) / 1000;
}

/** HEGAO_BENCH_AUDIT_FILE: keep the built database there and reuse it on the next run (for profiling). */
const kept = process.env.HEGAO_BENCH_AUDIT_FILE;
const dir = kept ? null : mkdtempSync(join(tmpdir(), 'hegao-bench-audit-'));
const file = kept ?? join(dir!, 'hegao.db');
try {
  const reuse = kept !== undefined && existsSync(kept);
  const buildSeconds = reuse ? null : await build(file);

  const runs: { seconds: number; records: number; rows: number }[] = [];
  for (let r = 0; r < 3; r++) {
    const fresh = await openSqlite(file);
    const started = performance.now();
    const result = await verifyAuditChain(fresh);
    const seconds = (performance.now() - started) / 1000;
    await fresh.close();
    if (!result.ok) throw new Error(`verify failed: ${JSON.stringify(result.failure)}`);
    const rows = result.rows.events + result.rows.updates + result.rows.comments + result.rows.versions;
    runs.push({ seconds, records: result.records, rows });
  }
  runs.sort((a, b) => a.seconds - b.seconds);
  const median = runs[1]!;
  const figures = {
    records: median.records,
    rows: median.rows,
    buildSeconds: buildSeconds === null ? null : Math.round(buildSeconds * 100) / 100,
    verifySeconds: runs.map((r) => Math.round(r.seconds * 1000) / 1000),
    recordsPerSecond: Math.round(median.records / median.seconds),
    rowsPerSecond: Math.round(median.rows / median.seconds),
    goal: 50_000,
    load: loadavg().map((l) => Math.round(l * 100) / 100),
  };
  console.log(JSON.stringify(figures, null, 2));
  console.log(`audit verify: ${figures.recordsPerSecond.toLocaleString('en')} records/s (${figures.rowsPerSecond.toLocaleString('en')} rows/s) on ${median.records.toLocaleString('en')} records`);
  const results = fileURLToPath(new URL('./results/', import.meta.url));
  mkdirSync(results, { recursive: true });
  writeFileSync(join(results, `auditVerify-${new Date().toISOString().replace(/[:.]/g, '-')}.json`), JSON.stringify(figures, null, 2));
  if (figures.recordsPerSecond < figures.goal) process.exitCode = 1;
} finally {
  if (dir) rmSync(dir, { recursive: true, force: true });
}
