/**
 * Issue 11, finding 4: a section whose log has a long tail without a checkpoint is loaded by the
 * load worker and handed to the room in slices, not in one synchronous merge that freezes every room. While one client cold-opens such a
 * section, a colleague typing in another section keeps getting relays; the loaded text is exact;
 * the load leaves a checkpoint and the next cold load starts from it.
 *
 * The assertions are about order (what arrived before what), not about milliseconds: CI machines
 * are shared and noisy. tests/bench/coldOpen.ts measures the times.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { ApiClient, sectionOf } from '../helpers/api.js';
import { CollabClient, sleep, waitFor } from '../helpers/collabClient.js';
import { loadTrace, typeTrace, writeLog } from '../helpers/longLog.js';
import { ServerProcess } from '../helpers/serverProcess.js';
import { query, storedUpdates } from '../helpers/store.js';
import type { Db } from '@hegao/storage';

/** Real keystrokes (automerge-paper trace) stored without a checkpoint: a load of many slices. */
const KEYSTROKES = 40_000;

let server: ServerProcess;
/** The server's database (its SQLite file or PostgreSQL database), read beside it. */
let db: Db;
const clients: CollabClient[] = [];

beforeAll(async () => {
  server = await ServerProcess.start();
  db = await server.openDb();
});

afterAll(async () => {
  for (const c of clients) c.destroy();
  await db?.close();
  await server?.dispose();
});

/** The server's 'document loaded' log lines for a document, from `from` on in its output. */
type LoadLine = { checkpointSeq: number; updates: number; skipped: number; yields: number; inWorker?: boolean; slices?: number };
function loadLines(docName: string, from = 0): LoadLine[] {
  return server.output
    .slice(from)
    .split('\n')
    .filter((line) => line.includes('"msg":"document loaded"') && line.includes(`"docName":"${docName}"`))
    .map((line) => JSON.parse(line) as LoadLine);
}

describe('a section with a long history', () => {
  it('loads in slices while another room keeps relaying, exactly, and leaves a checkpoint for the next cold load', async () => {
    const wjj = await ApiClient.login(server.url, 'wjj');
    const fgj = await ApiClient.login(server.url, 'fgj');
    const leader = await ApiClient.login(server.url, 'quzhang');
    const long = await sectionOf(wjj, '卫健局');
    const other = await sectionOf(fgj, '发改局');

    // Seeded while the server is stopped: no room holds the document, and its next open is cold.
    await server.kill('SIGTERM');
    const base = (await storedUpdates(db, long.docName)).map((row) => new Uint8Array(row.data));
    const log = typeTrace(loadTrace('automerge-paper.json.gz'), KEYSTROKES, base);
    await writeLog(db, long.docName, 'wjj', log.clientID, log.updates);
    const stored = base.length + log.updates.length;
    expect(await query(db, 'SELECT upto_seq FROM doc_checkpoints WHERE doc_name = ?', long.docName)).toEqual([]);
    await server.boot();

    // The colleague in another section: a typist and a reader who receives the relays.
    const typist = await CollabClient.open(fgj, server.wsUrl, other.docName);
    const reader = await CollabClient.open(leader, server.wsUrl, other.docName);
    clients.push(typist, reader);
    const paragraph = new Y.XmlElement('paragraph');
    const typed = new Y.XmlText();
    typist.doc.transact(() => {
      typist.fragment.insert(typist.fragment.length, [paragraph]);
      paragraph.insert(0, [typed]);
    });
    await waitFor(() => reader.doc.store.clients.has(typist.doc.clientID), 'the paragraph at the reader');
    // The clock of the typist's first keystroke; each keystroke is one clock tick after it.
    const firstClock = Y.getState(typist.doc.store, typist.doc.clientID);

    // What happened, in order: the long section's socket connected (the server loads from then
    // on), each relay the reader got (with how many keystrokes it then had), the long sync.
    const events: Array<{ kind: 'connected' | 'synced' } | { kind: 'relay'; keystrokes: number }> = [];
    let typedWhenConnected = -1;
    reader.doc.on('update', () => {
      events.push({ kind: 'relay', keystrokes: Y.getState(reader.doc.store, typist.doc.clientID) - firstClock });
    });
    let typing = true;
    let count = 0;
    const typer = (async () => {
      while (typing) {
        typed.insert(typed.length, String.fromCharCode(0x4e00 + (count++ % 1000)));
        await sleep(5);
      }
    })();
    await waitFor(() => events.length >= 3, 'the first relays');

    const opener = new CollabClient(server.wsUrl, long.docName, await wjj.token(long.docName));
    clients.push(opener);
    opener.provider.on('status', ({ status }: { status: string }) => {
      if (status === 'connected' && typedWhenConnected < 0) {
        typedWhenConnected = count;
        events.push({ kind: 'connected' });
      }
    });
    opener.provider.on('sync', (synced: boolean) => {
      if (synced) events.push({ kind: 'synced' });
    });
    await opener.synced(60_000);
    typing = false;
    await typer;
    await waitFor(() => reader.doc.getXmlFragment('prosemirror').toString() === typist.xml(), 'every keystroke at the reader');

    // Keystrokes typed after the long section's socket connected were relayed to the reader
    // before that section's first sync completed: the load did not hold the server.
    const connectedAt = events.findIndex((e) => e.kind === 'connected');
    const syncedAt = events.findIndex((e) => e.kind === 'synced');
    expect(connectedAt).toBeGreaterThanOrEqual(0);
    expect(syncedAt).toBeGreaterThan(connectedAt);
    const during = events.slice(connectedAt + 1, syncedAt).filter((e) => e.kind === 'relay' && e.keystrokes > typedWhenConnected);
    expect(during.length).toBeGreaterThanOrEqual(3);

    // Exactly the stored text, from every stored update, read and applied by the load worker
    // and handed to the room in slices.
    expect(opener.xml()).toBe(log.xml);
    expect((opener.fragment.get(opener.fragment.length - 1) as Y.XmlElement).get(0)!.toString()).toBe(log.text);
    const [first] = loadLines(long.docName);
    expect(first).toMatchObject({ checkpointSeq: 0, updates: stored, skipped: 0, inWorker: true });
    expect(first!.slices).toBeGreaterThan(1);

    // The load left a checkpoint of the whole log.
    const last = (await query<{ last: number }>(db, 'SELECT MAX(seq) AS last FROM doc_updates WHERE doc_name = ?', long.docName))[0]!.last;
    const checkpoints = async () => query<{ upto_seq: number }>(db, 'SELECT upto_seq FROM doc_checkpoints WHERE doc_name = ?', long.docName);
    await waitFor(async () => (await checkpoints()).length > 0, 'a checkpoint after the load');
    expect(await checkpoints()).toEqual([{ upto_seq: last }]);

    // The next cold load starts from it: no update left to apply, same text.
    for (const c of [opener, typist, reader]) c.destroy();
    await server.kill('SIGTERM');
    const outputFrom = server.output.length;
    await server.boot();
    const again = await CollabClient.open(await ApiClient.login(server.url, 'wjj'), server.wsUrl, long.docName);
    clients.push(again);
    expect(again.xml()).toBe(log.xml);
    const second = loadLines(long.docName, outputFrom);
    expect(second).toHaveLength(1);
    expect(second[0]).toMatchObject({ checkpointSeq: last, updates: 0, skipped: 0 });
  });
});
