/**
 * Collab tokens with the stock y-websocket client: short-lived (here 2 s), bound to one user and
 * one document; an open connection outlives its token; after a drop, a client that refreshes
 * `provider.params.token` on close 4401 (the documented recipe) is back without losing an edit.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient, sectionOf } from '../helpers/api.js';
import { CollabClient, sleep, waitFor } from '../helpers/collabClient.js';
import { ServerProcess } from '../helpers/serverProcess.js';
import { storedXml } from '../helpers/store.js';
import type { Db } from '@hegao/storage';

let server: ServerProcess;
/** The server's database (its SQLite file or PostgreSQL database), read beside it. */
let db: Db;
let api: ApiClient;
const clients: CollabClient[] = [];

beforeAll(async () => {
  server = await ServerProcess.start({ HEGAO_COLLAB_TOKEN_SECONDS: '2' });
  db = await server.openDb();
  api = await ApiClient.login(server.url, 'wjj');
});

afterAll(async () => {
  for (const c of clients) c.destroy();
  await db?.close();
  await server?.dispose();
});

/** The recipe of docs/api.md: on 4401, fetch a new token and connect again. */
function refreshTokenOn4401(client: CollabClient, docName: string): void {
  client.provider.on('connection-close', (event: { code: number } | null) => {
    if (event?.code !== 4401) return;
    void api.token(docName).then((token) => {
      client.provider.params['token'] = token;
      client.provider.connect();
    });
  });
}

describe('collab tokens', () => {
  it('an expired token is refused with 4401 and the stock client stops', async () => {
    const s = await sectionOf(api, '卫健局');
    const token = await api.token(s.docName);
    await sleep(2_500);
    const client = new CollabClient(server.wsUrl, s.docName, token);
    clients.push(client);
    await waitFor(() => client.closes.some((c) => c.code === 4401), '4401');
    expect(client.closes[0]).toMatchObject({ code: 4401 });
    expect(client.provider.synced).toBe(false);
    expect(client.provider.shouldConnect).toBe(false);
  });

  it('an open connection outlives its token, and after a server restart the refreshed client resends what it typed', async () => {
    const s = await sectionOf(api, '卫健局');
    const client = new CollabClient(server.wsUrl, s.docName, await api.token(s.docName));
    clients.push(client);
    refreshTokenOn4401(client, s.docName);
    await client.synced();
    await sleep(2_500);
    // Still connected and writing with an expired token.
    client.appendParagraph('令牌过期后仍在编辑。');
    await waitFor(async () => (await storedXml(db, s.docName)).includes('令牌过期后仍在编辑。'), 'stored while connected');

    await server.kill('SIGKILL');
    client.appendParagraph('服务器重启期间写的。');
    await server.restart();
    // The reconnect with the old token is refused (4401); the client takes a new one and syncs.
    await waitFor(() => client.closes.some((c) => c.code === 4401), 'refused with the expired token', 15_000);
    await waitFor(async () => (await storedXml(db, s.docName)).includes('服务器重启期间写的。'), 'resent after the refresh', 15_000);
    // The text can be stored (the client's answer to the server's sync step 1) a moment before the
    // server's answer to the client's own step 1 arrives and marks the provider synced.
    await waitFor(() => client.provider.synced, 'synced again after the refresh');
    expect(client.provider.synced).toBe(true);
    expect(client.provider.wsconnected).toBe(true);
  });
});
