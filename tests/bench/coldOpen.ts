/**
 * Cold open benchmark (issue 11, finding 4 "A long history stops every room"). The first
 * HEGAO_BENCH_COLD_UPDATES (default 100,000) edits of the automerge-paper trace (CC BY 4.0), one
 * Yjs update per edit, are written straight into a section's log in a fresh server's SQLite file,
 * with no checkpoint. Then, against the real server (a child process; each open after the section
 * was unloaded, as on a server that has been running; the first also in a fresh process):
 *
 * (a) a client cold-opens the section: time until its first sync step 2 arrives, alone and while
 *     a colleague types into another section at a steady 100 keystrokes/s;
 * (b) the same from the checkpoint the load leaves;
 * (c) during (a) and (b) with typing: the latency of each of the colleague's keystrokes until a
 *     reader of that section has it (max relay wait), and the largest gap between the relays the
 *     reader receives, against the same measured just before while no load runs;
 * (d) the old way for comparison, in-process: `Y.mergeUpdates` of the same updates (in a worker,
 *     given up after HEGAO_BENCH_BASELINE_CAP_S, default 120 s) against `loadDocument`, as a ratio,
 *     at a few sizes to show the growth.
 *
 * Also in-process: the load from the SQLite file alone, the longest event-loop wait during it, and
 * the synchronous `Y.encodeStateAsUpdate` of a checkpoint (for the N-update document and for the
 * trace's final document).
 *
 *   npm run bench:cold   (from tests/; the root `npm run bench` runs every benchmark)
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import Database from 'better-sqlite3';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { MemoryDocStore, loadDocument, silentLogger, type DocStore } from '@hegao/collab';
import { SqlDocStore, openSqlite } from '@hegao/storage';
import { ApiClient, sectionOf } from '../helpers/api.js';
import { CollabClient, sleep, waitFor } from '../helpers/collabClient.js';
import { loadTrace, typeTrace, writeLog, type Trace } from '../helpers/longLog.js';
import { ServerProcess } from '../helpers/serverProcess.js';
import { query, storedUpdates } from '../helpers/store.js';

const UPDATES = Number(process.env.HEGAO_BENCH_COLD_UPDATES ?? 100_000);
const BASELINE_CAP_MS = Number(process.env.HEGAO_BENCH_BASELINE_CAP_S ?? 120) * 1000;
/** Pace of the colleague typing in another section. */
const KEYSTROKE_MS = 10;

function stats(values: number[]) {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
  return { n: sorted.length, p50: round(at(50)), p95: round(at(95)), max: round(sorted.at(-1) ?? NaN) };
}

const round = (ms: number) => Math.round(ms * 10) / 10;

/** Milliseconds since the epoch with sub-ms precision (comparable across event handlers). */
const now = () => performance.timeOrigin + performance.now();

/** A MemoryDocStore holding `updates` as the log of document 'd'. */
async function memoryStoreWith(updates: readonly Uint8Array[]): Promise<MemoryDocStore> {
  const store = new MemoryDocStore();
  const author = { userId: 'u', bureauId: null, connectionId: 'c' };
  await store.append(updates.map((update) => ({ docName: 'd', update, author, createdAt: 0, bindClients: [] })));
  return store;
}

/** Runs `loadDocument` in-process over a store; returns its time and the longest event-loop wait meanwhile. */
async function loadInProcess(store: DocStore, docName: string): Promise<{ ms: number; maxLoopWaitMs: number; yields: number; doc: Y.Doc }> {
  const doc = new Y.Doc({ gc: false });
  let done = false;
  let last = performance.now();
  let maxWait = 0;
  const tick = () => {
    const t = performance.now();
    maxWait = Math.max(maxWait, t - last);
    last = t;
    if (!done) setImmediate(tick);
  };
  setImmediate(tick);
  const t0 = performance.now();
  const counts = await loadDocument(doc, await store.loadPages(docName), { docName, logger: silentLogger });
  const ms = performance.now() - t0;
  done = true;
  return { ms, maxLoopWaitMs: maxWait, yields: counts.yields, doc };
}

/** The old way: Y.mergeUpdates of every part, then one applyUpdate, in a worker so it can be given up. */
function mergeInWorker(parts: readonly Uint8Array[], capMs: number): Promise<number | null> {
  const code = `
    const { parentPort, workerData } = require('node:worker_threads');
    const Y = require('yjs');
    const t0 = performance.now();
    const doc = new Y.Doc({ gc: false });
    Y.applyUpdate(doc, Y.mergeUpdates(workerData.parts));
    parentPort.postMessage(performance.now() - t0);
  `;
  const worker = new Worker(code, { eval: true, workerData: { parts } });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => void worker.terminate().then(() => resolve(null)), capMs);
    worker.once('message', (ms: number) => {
      clearTimeout(timer);
      void worker.terminate().then(() => resolve(ms));
    });
    worker.once('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
  });
}

/** Baseline against loadDocument at one size. */
async function compareAt(size: number, updates: readonly Uint8Array[]) {
  const parts = updates.slice(0, size);
  const ours = await loadInProcess(await memoryStoreWith(parts), 'd');
  const mergeMs = await mergeInWorker(parts, BASELINE_CAP_MS);
  return {
    updates: parts.length,
    loadDocumentMs: round(ours.ms),
    mergeUpdatesMs: mergeMs === null ? `> ${BASELINE_CAP_MS}` : round(mergeMs),
    ratio: mergeMs === null ? `> ${round(BASELINE_CAP_MS / ours.ms)}` : round(mergeMs / ours.ms),
  };
}

/** Synchronous encoding of a checkpoint of a document (what Room.maybeCheckpoint does). */
function encodeMs(doc: Y.Doc): { ms: number; bytes: number } {
  const t0 = performance.now();
  const state = Y.encodeStateAsUpdate(doc);
  return { ms: round(performance.now() - t0), bytes: state.byteLength };
}

/** A colleague typing in a section at a steady pace, and a reader there timing each relay. */
class Typing {
  private readonly sent = new Map<number, number>();
  /** [sent, arrived] times of each keystroke relayed to the reader. */
  readonly relays: Array<[number, number]> = [];
  private readonly text: Y.XmlText;
  private running = false;
  private loop: Promise<void> | null = null;

  private constructor(
    private readonly typist: CollabClient,
    private readonly reader: CollabClient,
  ) {
    const paragraph = new Y.XmlElement('paragraph');
    this.text = new Y.XmlText();
    typist.doc.transact(() => {
      typist.fragment.insert(typist.fragment.length, [paragraph]);
      paragraph.insert(0, [this.text]);
    });
    reader.doc.on('update', () => {
      const at = now();
      const clock = Y.getState(reader.doc.store, typist.doc.clientID);
      for (const [c, t] of this.sent) {
        if (c <= clock) {
          this.relays.push([t, at]);
          this.sent.delete(c);
        }
      }
    });
  }

  static async start(typist: CollabClient, reader: CollabClient): Promise<Typing> {
    const typing = new Typing(typist, reader);
    await waitFor(() => reader.doc.store.clients.has(typist.doc.clientID), 'the paragraph at the reader');
    typing.running = true;
    typing.loop = typing.type();
    return typing;
  }

  private async type(): Promise<void> {
    let i = 0;
    let next = performance.now();
    while (this.running) {
      this.text.insert(this.text.length, String.fromCharCode(0x4e00 + (i++ % 1000)));
      this.sent.set(Y.getState(this.typist.doc.store, this.typist.doc.clientID), now());
      // A steady pace: the next keystroke is due KEYSTROKE_MS after the previous one was due.
      next += KEYSTROKE_MS;
      await sleep(Math.max(0, next - performance.now()));
    }
  }

  /**
   * Relay latencies of the keystrokes typed in [from, to], and the largest gap between the
   * arrivals of consecutive ones (at a steady pace, a wait of the server shows in both).
   */
  window(from: number, to: number) {
    const inside = this.relays.filter(([sent]) => sent >= from && sent <= to).sort((x, y) => x[0] - y[0]);
    let gap = 0;
    for (let i = 1; i < inside.length; i++) gap = Math.max(gap, inside[i]![1] - inside[i - 1]![1]);
    return { relayLatencyMs: stats(inside.map(([sent, arrived]) => arrived - sent)), maxGapBetweenRelaysMs: round(gap) };
  }

  async stop(): Promise<void> {
    this.running = false;
    await this.loop;
    await waitFor(() => this.sent.size === 0, 'every keystroke at the reader', 30_000);
  }
}

/** Opens a raw socket on a document and resolves with the time its first sync step 2 arrived and its bytes. */
async function coldOpen(wsUrl: string, docName: string, token: string): Promise<{ started: number; synced: number; update: Uint8Array }> {
  const started = now();
  const ws = new WebSocket(`${wsUrl}/${encodeURIComponent(docName)}?token=${encodeURIComponent(token)}`);
  return new Promise((resolve, reject) => {
    ws.on('open', () => ws.send(Uint8Array.of(0, 0, 1, 0))); // sync step 1 with an empty state vector
    ws.on('message', (data: Buffer) => {
      // [MESSAGE_SYNC = 0, SYNC_STEP2 = 1, varUint8Array update]: decoded after the measurement.
      if (data[0] !== 0 || data[1] !== 1) return;
      const synced = now();
      const frame = new Uint8Array(data);
      ws.terminate();
      resolve({ started, synced, update: frame });
    });
    ws.on('error', reject);
  });
}

/** The update carried by a sync step 2 frame. */
function stepTwoUpdate(frame: Uint8Array): Uint8Array {
  let pos = 2;
  let length = 0;
  for (let shift = 0; ; shift += 7) {
    const byte = frame[pos++]!;
    length += (byte & 0x7f) * 2 ** shift;
    if (byte < 0x80) break;
  }
  return frame.subarray(pos, pos + length);
}

/** Log lines the server printed about loading `docName` since `from`. */
function loadLines(server: ServerProcess, docName: string, from: number): unknown[] {
  return server.output
    .slice(from)
    .split('\n')
    .filter((line) => line.includes('"msg":"document loaded"') && line.includes(`"docName":"${docName}"`))
    .map((line) => JSON.parse(line) as unknown);
}

/** Who opens the long section, and who types and reads in another one. */
const USERS = { writer: 'wjj', typist: 'fgj', reader: 'quzhang' };

/** One measured cold open of `docName` (checked against `expectedXml`), alone. */
async function measureAlone(server: ServerProcess, docName: string, expectedXml: string) {
  const writer = await ApiClient.login(server.url, USERS.writer);
  const token = await writer.token(docName);
  const outputFrom = server.output.length;
  const open = await coldOpen(server.wsUrl, docName, token);
  check(open.update, expectedXml);
  return { firstSyncMs: round(open.synced - open.started), server: loadLines(server, docName, outputFrom) };
}

/** One measured cold open with a colleague typing in another section: an idle window first, then the open. */
async function measureWithTyping(server: ServerProcess, docName: string, expectedXml: string) {
  const [writer, typistApi, readerApi] = await Promise.all([USERS.writer, USERS.typist, USERS.reader].map((u) => ApiClient.login(server.url, u)));
  const other = await sectionOf(typistApi!, '发改局');
  const typist = await CollabClient.open(typistApi!, server.wsUrl, other.docName);
  const reader = await CollabClient.open(readerApi!, server.wsUrl, other.docName);
  const typing = await Typing.start(typist, reader);
  const token = await writer!.token(docName);
  const outputFrom = server.output.length;
  await sleep(1000);
  const idleFrom = now();
  await sleep(2000);
  const idleTo = now();
  const open = await coldOpen(server.wsUrl, docName, token);
  // Relays due during the open arrive up to one keystroke later.
  await sleep(200);
  await typing.stop();
  check(open.update, expectedXml);
  typist.destroy();
  reader.destroy();
  return {
    firstSyncMs: round(open.synced - open.started),
    duringLoad: typing.window(open.started, open.synced),
    idle: typing.window(idleFrom, idleTo),
    server: loadLines(server, docName, outputFrom),
  };
}

/** Throws unless the sync step 2 frame holds exactly `expectedXml`. */
function check(frame: Uint8Array, expectedXml: string): void {
  const doc = new Y.Doc({ gc: false });
  Y.applyUpdate(doc, stepTwoUpdate(frame));
  const xml = doc.getXmlFragment('prosemirror').toString();
  doc.destroy();
  if (xml !== expectedXml) throw new Error('the cold-opened section differs from the stored log');
}

/** Waits until the server has unloaded `docName` (nobody has had it open for unloadDelayMs). */
async function unloaded(server: ServerProcess, docName: string): Promise<void> {
  const lines = server.output.split('\n');
  const isLoad = (line: string) => line.includes('"msg":"document loaded"') && line.includes(`"docName":"${docName}"`);
  const from = lines.findLastIndex(isLoad);
  await waitFor(
    () => server.output.split('\n').slice(from).some((line) => line.includes('"msg":"document unloaded"') && line.includes(`"docName":"${docName}"`)),
    `${docName} unloaded`,
    30_000,
  );
}

/** Removes a document's checkpoints (derived data; the server reads them only when it loads the document). */
function dropCheckpoints(dbFile: string, docName: string): void {
  const rw = new Database(dbFile);
  try {
    rw.pragma('busy_timeout = 5000');
    rw.prepare('DELETE FROM doc_checkpoints WHERE doc_name = ?').run(docName);
  } finally {
    rw.close();
  }
}

/** Waits for the checkpoint a load of the document leaves, and returns the checkpoints. */
async function checkpointsOf(server: ServerProcess, docName: string) {
  const sql = 'SELECT upto_seq, length(data) AS bytes FROM doc_checkpoints WHERE doc_name = ?';
  const rows = () => query<{ upto_seq: number; bytes: number }>(server.dbFile, sql, docName);
  await waitFor(() => rows().length > 0, 'a checkpoint after the load', 30_000);
  return rows();
}

async function main(): Promise<void> {
  // The machines are shared: the load average says how much to trust the milliseconds.
  const loadAverageBefore = loadavg().map(round);
  const trace: Trace = loadTrace('automerge-paper.json.gz');
  const size = Math.min(UPDATES, trace.txns.length);

  // In-process figures first (no server running).
  const log = typeTrace(trace, size);
  const full = size === trace.txns.length ? log : typeTrace(trace, trace.txns.length);
  const fullLoad = await loadInProcess(await memoryStoreWith(full.updates), 'd');
  if (fullLoad.doc.getXmlFragment('prosemirror').toString() !== full.xml || full.text !== trace.endContent) throw new Error('trace replay differs');
  const sizedLoad = await loadInProcess(await memoryStoreWith(log.updates), 'd');
  // What Room.maybeCheckpoint encodes in one synchronous step after such a load.
  const checkpointEncode = {
    [`${log.updates.length} updates`]: encodeMs(sizedLoad.doc),
    [`${full.updates.length} updates (final document)`]: encodeMs(fullLoad.doc),
  };

  const server = await ServerProcess.start();
  try {
    const api = await ApiClient.login(server.url, 'wjj');
    const long = await sectionOf(api, '卫健局');
    await server.kill('SIGTERM');
    // The section's own demo text first, then the trace typed into a new paragraph after it.
    const base = storedUpdates(server.dbFile, long.docName).map((row) => new Uint8Array(row.data));
    const seeded = typeTrace(trace, size, base);
    writeLog(server.dbFile, long.docName, 'wjj', seeded.clientID, seeded.updates);
    const stored = base.length + seeded.updates.length;

    // The same load in-process straight from the SQLite file: reads and applying, no network.
    const db = await openSqlite(server.dbFile);
    const fromFile = await loadInProcess(new SqlDocStore(db), long.docName);
    if (fromFile.doc.getXmlFragment('prosemirror').toString() !== seeded.xml) throw new Error('in-process load from SQLite differs');
    await db.close();

    // (a) alone in a freshly started process (V8 has compiled nothing yet), then, on the same
    // running server once the section has been unloaded (nobody had it open for unloadDelayMs)
    // and its checkpoint removed (derived data), alone and with the colleague typing; (b) from the
    // checkpoint the last load leaves, with typing and alone. A server runs for days: the opens on
    // a running server are the goal's measure; the fresh-process one is printed beside them.
    await server.boot();
    const freshProcess = await measureAlone(server, long.docName, seeded.xml);
    await checkpointsOf(server, long.docName);
    await unloaded(server, long.docName);
    dropCheckpoints(server.dbFile, long.docName);
    const alone = await measureAlone(server, long.docName, seeded.xml);
    await unloaded(server, long.docName);
    dropCheckpoints(server.dbFile, long.docName);
    const withoutCheckpoint = await measureWithTyping(server, long.docName, seeded.xml);
    const checkpoints = await checkpointsOf(server, long.docName);
    await unloaded(server, long.docName);
    const withCheckpoint = await measureWithTyping(server, long.docName, seeded.xml);
    await unloaded(server, long.docName);
    const withCheckpointAlone = await measureAlone(server, long.docName, seeded.xml);
    await server.restart('SIGTERM');
    const withCheckpointFreshProcess = await measureAlone(server, long.docName, seeded.xml);
    await server.kill('SIGTERM');

    // The old way, last: it runs for minutes at 100k.
    const sizes = [...new Set([2000, 10_000, 20_000, size].filter((n) => n <= size))];
    const baseline = [];
    for (const n of sizes) baseline.push(await compareAt(n, log.updates));

    const result = {
      date: new Date().toISOString(),
      trace: 'automerge-paper',
      storedUpdates: stored,
      keystrokeIntervalMs: KEYSTROKE_MS,
      loadAverage: { before: loadAverageBefore, after: loadavg().map(round) },
      coldOpen: { alone, withoutCheckpoint, checkpointAfterLoad: checkpoints, withCheckpoint, withCheckpointAlone, freshProcess, withCheckpointFreshProcess },
      inProcess: {
        fromSqlite: { ms: round(fromFile.ms), maxEventLoopWaitMs: round(fromFile.maxLoopWaitMs), yields: fromFile.yields },
        fullTrace: { updates: full.updates.length, ms: round(fullLoad.ms), maxEventLoopWaitMs: round(fullLoad.maxLoopWaitMs) },
        checkpointEncode,
      },
      baseline,
    };
    const dir = fileURLToPath(new URL('results/', import.meta.url));
    mkdirSync(dir, { recursive: true });
    writeFileSync(`${dir}coldOpen-${result.date.replace(/[:.]/g, '-')}.json`, JSON.stringify(result, null, 2));
    console.log(JSON.stringify(result, null, 2));
  } finally {
    await server.dispose();
  }
}

await main();
process.exit(0);
