/**
 * Authorship benchmark (issue 12, speed): `GET /api/sections/:id/authorship` of a section whose
 * log is the first HEGAO_BENCH_AUTHORSHIP_UPDATES (default 100,000) edits of the automerge-paper
 * trace (CC BY 4.0), one Yjs update per edit, against the real server (child process):
 *
 * - cold: nobody has the section open and the server has no index of its log yet (first request
 *   after a restart: the document is loaded, the whole log read and indexed);
 * - open, first request: the section is open in an editor (loaded), the log not indexed yet;
 * - warm: the same request again (the document and the index are kept; only new updates are read);
 * - while open: with an editor connected and typing between requests (index extended each time);
 * - `?at=` the middle of the log (the document rebuilt from the updates up to then).
 *
 * The goal is ≤ 300 ms on the server; the time here is the whole HTTP round trip.
 *
 *   npm run bench:authorship   (from tests/)
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { ApiClient, sectionOf } from '../helpers/api.js';
import { CollabClient, sleep } from '../helpers/collabClient.js';
import { loadTrace, typeTrace, writeLog } from '../helpers/longLog.js';
import { ServerProcess } from '../helpers/serverProcess.js';
import { storedUpdates } from '../helpers/store.js';

const UPDATES = Number(process.env.HEGAO_BENCH_AUTHORSHIP_UPDATES ?? 100_000);
const round = (ms: number) => Math.round(ms * 10) / 10;

async function timed<T>(run: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const t0 = performance.now();
  const value = await run();
  return { ms: round(performance.now() - t0), value };
}

interface Authorship {
  text: string;
  spans: { start: number; end: number; user: { username: string } }[];
}

async function main(): Promise<void> {
  const loadAverageBefore = loadavg().map(round);
  const trace = loadTrace('automerge-paper.json.gz');
  const server = await ServerProcess.start();
  try {
    const api = await ApiClient.login(server.url, 'wjj');
    const section = await sectionOf(api, '卫健局');
    await server.kill('SIGTERM');
    const base = storedUpdates(server.dbFile, section.docName).map((row) => new Uint8Array(row.data));
    const log = typeTrace(trace, Math.min(UPDATES, trace.txns.length), base);
    writeLog(server.dbFile, section.docName, 'wjj', log.clientID, log.updates);
    // Spread the writes over time so `?at=` has a middle to go to.
    const db = new Database(server.dbFile);
    const t0 = Date.now() - 3_600_000;
    db.prepare('UPDATE doc_updates SET created_at = ? + seq WHERE doc_name = ?').run(t0, section.docName);
    const middle = db.prepare('SELECT created_at FROM doc_updates WHERE doc_name = ? ORDER BY seq LIMIT 1 OFFSET ?').get(section.docName, Math.floor(log.updates.length / 2)) as { created_at: number };
    db.close();
    await server.boot();

    const reader = await ApiClient.login(server.url, 'quzhang');
    const get = (query = '') => reader.get<Authorship>(`/api/sections/${section.id}/authorship${query}`);
    const cold = await timed(get);
    if (cold.value.status !== 200) throw new Error(`authorship failed: ${cold.value.status}`);
    if (!cold.value.body.text.includes(log.text.slice(0, 200))) throw new Error('authorship text differs from the trace');
    const warm = [];
    for (let i = 0; i < 5; i++) warm.push((await timed(get)).ms);

    const editor = await CollabClient.open(await ApiClient.login(server.url, 'wjj'), server.wsUrl, section.docName);
    const whileTyping = [];
    for (let i = 0; i < 5; i++) {
      editor.appendParagraph(`第${i}段新写的内容。`);
      await sleep(200);
      whileTyping.push((await timed(get)).ms);
    }
    editor.destroy();
    const at = await timed(() => get(`?at=${encodeURIComponent(new Date(middle.created_at).toISOString())}`));

    // The usual first use: the section is open in someone's editor (loaded), the toggle asks for
    // the first time since the server started (the log's index is built now).
    await server.restart('SIGTERM');
    const opener = await CollabClient.open(await ApiClient.login(server.url, 'wjj'), server.wsUrl, section.docName);
    const reader2 = await ApiClient.login(server.url, 'quzhang');
    const openFirst = await timed(() => reader2.get<Authorship>(`/api/sections/${section.id}/authorship`));
    opener.destroy();

    const result = {
      date: new Date().toISOString(),
      trace: 'automerge-paper',
      updates: log.updates.length,
      textChars: cold.value.body.text.length,
      spans: cold.value.body.spans.length,
      loadAverage: { before: loadAverageBefore, after: loadavg().map(round) },
      ms: { cold: cold.ms, openFirstRequest: openFirst.ms, warm, whileTyping, atMiddle: at.ms },
      goalMs: 300,
    };
    console.log(JSON.stringify(result, null, 2));
    const dir = fileURLToPath(new URL('results/', import.meta.url));
    mkdirSync(dir, { recursive: true });
    writeFileSync(`${dir}authorship-${result.date.replace(/[:.]/g, '-')}.json`, JSON.stringify(result, null, 2));
  } finally {
    await server.dispose();
  }
}

await main();
