/**
 * Server replay benchmark: real keystroke traces (tests/bench/traces, CC BY 4.0) typed by several
 * editors of one section through the real server (child process, SQLite, stock y-websocket
 * clients), watched by a read-only leader.
 *
 * Phase 1 (paced, like people typing): relay latency from a writer's keystroke to the observer.
 * Phase 2 (flat out): throughput of stored-and-relayed updates.
 * Baseline in the same run: the same updates applied in-process to a Y.Doc (no network, no disk),
 * so the figures read as ratios on whatever machine runs them.
 *
 *   npm run bench            (from the repository root; HEGAO_BENCH_TXNS=… to change the size)
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import * as Y from 'yjs';
import { ApiClient, sectionOf } from '../helpers/api.js';
import { CollabClient, waitFor } from '../helpers/collabClient.js';
import { ServerProcess } from '../helpers/serverProcess.js';
import { storedXml } from '../helpers/store.js';

interface Trace {
  endContent: string;
  txns: { patches: [number, number, string][] }[];
}

const TXNS = Number(process.env.HEGAO_BENCH_TXNS ?? 3000);
const PACED = Math.min(600, TXNS);
const WRITERS = 3;

function loadTrace(name: string): Trace {
  return JSON.parse(gunzipSync(readFileSync(new URL(`traces/${name}`, import.meta.url))).toString('utf8')) as Trace;
}

/** Applies a trace patch to one Y.XmlText (positions are Unicode code points; the seph trace is BMP). */
function applyPatch(text: Y.XmlText, [pos, del, ins]: [number, number, string]): void {
  if (del > 0) text.delete(pos, del);
  if (ins) text.insert(pos, ins);
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

function rssOf(pid: number | undefined): number {
  if (!pid) return NaN;
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? NaN) / 1024;
}

async function main(): Promise<void> {
  const trace = loadTrace('seph-blog1.json.gz');
  const txns = trace.txns.slice(0, TXNS);

  // Baseline: the same edits in-process, one Y.Doc per writer, update events encoded as on the wire.
  const t0 = performance.now();
  for (let w = 0; w < WRITERS; w++) {
    const doc = new Y.Doc();
    const sink = new Y.Doc();
    doc.on('update', (u: Uint8Array) => Y.applyUpdate(sink, u));
    const p = new Y.XmlElement('paragraph');
    doc.getXmlFragment('prosemirror').insert(0, [p]);
    const text = new Y.XmlText();
    p.insert(0, [text]);
    for (const txn of txns) doc.transact(() => txn.patches.forEach((patch) => applyPatch(text, patch)));
  }
  const baselineMs = performance.now() - t0;

  const server = await ServerProcess.start();
  try {
    const users = ['wjj', 'wjj2', 'wjj3'];
    for (const u of users.slice(1)) server.cli(['user', 'add', u, '--name', `撰稿人${u}`, '--role', 'editor', '--bureau', '卫健局', '--password', 'bench-password']);
    const apis = await Promise.all(users.map((u, i) => ApiClient.login(server.url, u, i === 0 ? undefined : 'bench-password')));
    const section = await sectionOf(apis[0]!, '卫健局');
    const observer = await CollabClient.open(await ApiClient.login(server.url, 'quzhang'), server.wsUrl, section.docName);
    const writers = await Promise.all(apis.map((api) => CollabClient.open(api, server.wsUrl, section.docName)));
    const rssBefore = rssOf(server.pid);

    // Each writer types into its own paragraph.
    const texts = writers.map((w) => {
      const p = new Y.XmlElement('paragraph');
      const text = new Y.XmlText();
      w.doc.transact(() => {
        w.fragment.insert(w.fragment.length, [p]);
        p.insert(0, [text]);
      });
      return text;
    });
    await waitFor(() => writers.every((w) => observer.doc.store.clients.has(w.doc.clientID)), 'paragraphs at the observer');

    // Arrival times at the observer, per writer clock.
    const sent = writers.map(() => new Map<number, number>());
    const latencies: number[] = [];
    observer.doc.on('update', () => {
      const now = performance.now();
      writers.forEach((w, i) => {
        const clock = Y.getState(observer.doc.store, w.doc.clientID);
        for (const [c, at] of sent[i]!) {
          if (c <= clock) {
            latencies.push(now - at);
            sent[i]!.delete(c);
          }
        }
      });
    });

    // Phase 1: paced at 20 keystrokes per second per writer.
    const intervalMs = 50;
    await Promise.all(
      writers.map(async (w, i) => {
        for (const txn of txns.slice(0, PACED)) {
          w.doc.transact(() => txn.patches.forEach((patch) => applyPatch(texts[i]!, patch)));
          sent[i]!.set(Y.getState(w.doc.store, w.doc.clientID), performance.now());
          await new Promise((r) => setTimeout(r, intervalMs));
        }
      }),
    );
    await waitFor(() => sent.every((m) => m.size === 0), 'paced edits at the observer', 60_000);
    const paced = [...latencies].sort((a, b) => a - b);

    // Phase 2: the rest of the trace, flat out.
    const t1 = performance.now();
    writers.forEach((w, i) => {
      for (const txn of txns.slice(PACED)) w.doc.transact(() => txn.patches.forEach((patch) => applyPatch(texts[i]!, patch)));
    });
    const targets = writers.map((w) => Y.getState(w.doc.store, w.doc.clientID));
    await waitFor(() => writers.every((w, i) => Y.getState(observer.doc.store, w.doc.clientID) >= targets[i]!), 'flat-out edits at the observer', 300_000);
    const flatMs = performance.now() - t1;
    const flatUpdates = WRITERS * (txns.length - PACED);

    // Correctness: every writer's paragraph equals the trace replayed locally, and the store agrees.
    const expected = new Y.Doc();
    const expectedText = new Y.XmlText();
    expected.getXmlFragment('x').insert(0, [expectedText]);
    for (const txn of txns) txn.patches.forEach((patch) => applyPatch(expectedText, patch));
    await waitFor(() => storedXml(server.dbFile, section.docName) === observer.xml(), 'store to match the observer', 60_000);
    const paragraphs = observer.fragment.toArray() as Y.XmlElement[];
    // Each writer replayed the whole trace into a paragraph of its own: that many paragraphs must read as the trace.
    const ok = paragraphs.filter((p) => (p.get(0) as Y.XmlText | undefined)?.toString() === expectedText.toString()).length >= writers.length;
    if (!ok) throw new Error('replayed text differs from the trace');

    const result = {
      date: new Date().toISOString(),
      trace: 'seph-blog1',
      writers: WRITERS,
      txnsPerWriter: txns.length,
      baseline: { inProcessMsPerUpdate: baselineMs / (WRITERS * txns.length) },
      paced: {
        keystrokesPerSecondPerWriter: 1000 / intervalMs,
        samples: paced.length,
        p50ms: percentile(paced, 50),
        p95ms: percentile(paced, 95),
        p99ms: percentile(paced, 99),
        maxMs: paced.at(-1),
      },
      flatOut: {
        updates: flatUpdates,
        seconds: flatMs / 1000,
        updatesPerSecond: flatUpdates / (flatMs / 1000),
        msPerUpdate: flatMs / flatUpdates,
        ratioToInProcess: flatMs / flatUpdates / (baselineMs / (WRITERS * txns.length)),
      },
      serverRssMb: { before: rssBefore, after: rssOf(server.pid) },
    };
    const dir = fileURLToPath(new URL('results/', import.meta.url));
    mkdirSync(dir, { recursive: true });
    writeFileSync(`${dir}serverReplay-${result.date.replace(/[:.]/g, '-')}.json`, JSON.stringify(result, null, 2));
    console.log(JSON.stringify(result, null, 2));
    for (const w of [...writers, observer]) w.destroy();
  } finally {
    await server.dispose();
  }
}

await main();
process.exit(0);
