/**
 * Nothing acknowledged is lost: an update another client has received survives kill -9 of the
 * server; cold loads use checkpoints; a graceful stop with open sockets exits promptly.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient, sectionOf } from '../helpers/api.js';
import { CollabClient, waitFor } from '../helpers/collabClient.js';
import { ServerProcess } from '../helpers/serverProcess.js';
import { query, storedXml } from '../helpers/store.js';
import type { Db } from '@hegao/storage';

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

describe('durability', () => {
  it('every update relayed to another client survives kill -9 right after', async () => {
    const wjj = await ApiClient.login(server.url, 'wjj');
    const leader = await ApiClient.login(server.url, 'quzhang');
    const section = await sectionOf(wjj, '卫健局');
    for (let round = 0; round < 4; round++) {
      const writer = await CollabClient.open(wjj, server.wsUrl, section.docName);
      const observer = await CollabClient.open(leader, server.wsUrl, section.docName);
      clients.push(writer, observer);
      for (let i = 0; i < 25; i++) writer.appendParagraph(`第${round}轮第${i}段：疫苗接种X万剂次。`);
      const last = `第${round}轮第24段`;
      await waitFor(() => observer.xml().includes(last), 'relay to the observer');
      const seen = observer.xml();
      // Both clients are gone before the kill: neither can reconnect to the restarted server and
      // resend through sync what the server lacked, which would hide a lost update.
      writer.destroy();
      observer.destroy();
      expect([writer.provider.shouldConnect, writer.provider.wsconnected, observer.provider.shouldConnect]).toEqual([false, false, false]);
      await server.kill('SIGKILL');
      // No server, no client: the database alone holds everything the observer received.
      expect(await storedXml(db, section.docName)).toBe(seen);
      await server.boot();
      const fresh = await CollabClient.open(leader, server.wsUrl, section.docName);
      clients.push(fresh);
      expect(fresh.xml()).toBe(seen);
      fresh.destroy();
    }
  });

  it('cold loads start from a checkpoint while the full history is kept', async () => {
    const fgj = await ApiClient.login(server.url, 'fgj');
    const section = await sectionOf(fgj, '发改局');
    const writer = await CollabClient.open(fgj, server.wsUrl, section.docName);
    clients.push(writer);
    // Separate transactions, so each is its own stored update.
    for (let i = 0; i < 130; i++) writer.appendParagraph(`经济数据第${i}条：增长X%。`);
    await waitFor(async () => (await storedXml(db, section.docName)).includes('经济数据第129条'), 'all stored', 20_000);
    // The checkpoint is written after the batch that crosses 100 updates is stored: it may land just after the last update.
    const count = async (table: 'doc_checkpoints' | 'doc_updates') =>
      (await query<{ n: number }>(db, `SELECT COUNT(*) AS n FROM ${table} WHERE doc_name = ?`, section.docName))[0]!.n;
    await waitFor(async () => (await count('doc_checkpoints')) >= 1, 'a checkpoint', 10_000);
    expect(await count('doc_checkpoints')).toBeGreaterThanOrEqual(1);
    expect(await count('doc_updates')).toBeGreaterThanOrEqual(130);
    const expected = writer.xml();
    writer.destroy();
    await server.restart('SIGKILL');
    const fresh = await CollabClient.open(fgj, server.wsUrl, section.docName);
    clients.push(fresh);
    expect(fresh.xml()).toBe(expected);
  });

  it('a graceful stop (SIGTERM) with open sockets exits promptly and keeps everything', async () => {
    const nyj = await ApiClient.login(server.url, 'nyj');
    const section = await sectionOf(nyj, '农业农村局');
    const writer = await CollabClient.open(nyj, server.wsUrl, section.docName);
    clients.push(writer);
    writer.appendParagraph('关机前的最后一段。');
    await waitFor(async () => (await storedXml(db, section.docName)).includes('关机前的最后一段'), 'stored');
    const started = Date.now();
    await server.kill('SIGTERM');
    if (Date.now() - started >= 5000) console.log(server.output.slice(-2500));
    expect(Date.now() - started).toBeLessThan(5000);
    expect(server.output).toContain('shutting down');
    await server.boot();
    const fresh = await CollabClient.open(nyj, server.wsUrl, section.docName);
    clients.push(fresh);
    expect(fresh.xml()).toContain('关机前的最后一段');
  });
});
