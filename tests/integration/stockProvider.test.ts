/**
 * The public contract says the stock y-websocket `WebsocketProvider` works unchanged. Here it is
 * used exactly as a third party would: no handler of ours for the access (100) or auth (2)
 * messages, no hooks. Editors converge through it; a leader's stock client, whose writes the server
 * refuses, stays connected, keeps receiving live text and never gets its refused edit stored.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import { ApiClient, sectionOf, type SectionJson } from '../helpers/api.js';
import { waitFor } from '../helpers/collabClient.js';
import { ServerProcess } from '../helpers/serverProcess.js';
import { storedUpdates, storedXml } from '../helpers/store.js';
import type { Db } from '@hegao/storage';

let server: ServerProcess;
/** The server's database (its SQLite file or PostgreSQL database), read beside it. */
let db: Db;
const providers: WebsocketProvider[] = [];

/** Exactly the stock provider: only the options any Node user passes (a WebSocket class, the token). */
async function stock(api: ApiClient, docName: string): Promise<{ doc: Y.Doc; provider: WebsocketProvider; closes: number[] }> {
  const doc = new Y.Doc();
  const provider = new WebsocketProvider(server.wsUrl, docName, doc, {
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    params: { token: await api.token(docName) },
    disableBc: true,
  });
  providers.push(provider);
  const closes: number[] = [];
  provider.on('connection-close', (event: { code: number } | null) => {
    if (event) closes.push(event.code);
  });
  await waitFor(() => provider.synced, 'stock provider synced');
  return { doc, provider, closes };
}

function paragraph(doc: Y.Doc, text: string): void {
  const fragment = doc.getXmlFragment('prosemirror');
  const p = new Y.XmlElement('paragraph');
  p.insert(0, [new Y.XmlText(text)]);
  fragment.insert(fragment.length, [p]);
}

const text = (doc: Y.Doc) => doc.getXmlFragment('prosemirror').toString();

beforeAll(async () => {
  server = await ServerProcess.start();
  db = await server.openDb();
});

afterAll(async () => {
  for (const p of providers) p.destroy();
  await db?.close();
  await server?.dispose();
});

describe('the stock y-websocket provider, unchanged', () => {
  let section: SectionJson;

  beforeAll(async () => {
    section = await sectionOf(await ApiClient.login(server.url, 'wjj'), '卫健局');
  });

  it('syncs the stored text, converges between an editor and the leader, and the leader’s write is refused, not stored', async () => {
    const editor = await stock(await ApiClient.login(server.url, 'wjj'), section.docName);
    const leader = await stock(await ApiClient.login(server.url, 'quzhang'), section.docName);
    // Both start from the stored document.
    expect(text(editor.doc)).toBe(await storedXml(db, section.docName));
    expect(text(leader.doc)).toBe(text(editor.doc));

    paragraph(editor.doc, '编辑写的一句。');
    await waitFor(() => text(leader.doc).includes('编辑写的一句。'), 'leader receives the edit live');
    await waitFor(async () => (await storedXml(db, section.docName)).includes('编辑写的一句。'), 'edit stored');
    const rows = (await storedUpdates(db, section.docName)).length;

    paragraph(leader.doc, '领导硬写的一句。');
    // The leader's socket survives the refusal (an access message and a denial it does not know)…
    await new Promise((r) => setTimeout(r, 500));
    expect(leader.provider.wsconnected).toBe(true);
    expect(leader.closes).toEqual([]);
    expect(text(editor.doc)).not.toContain('领导硬写的一句。');
    expect(await storedXml(db, section.docName)).not.toContain('领导硬写的一句。');
    expect(await storedUpdates(db, section.docName)).toHaveLength(rows);

    // …and keeps following the editor's text.
    paragraph(editor.doc, '编辑又写一句。');
    await waitFor(() => text(leader.doc).includes('编辑又写一句。'), 'leader still live');
    await waitFor(async () => (await storedXml(db, section.docName)).includes('编辑又写一句。'), 'second edit stored');
    expect(await storedXml(db, section.docName)).not.toContain('领导硬写的一句。');
  });
});
