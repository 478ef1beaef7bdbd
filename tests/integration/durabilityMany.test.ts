/**
 * Nothing relayed is lost under load: sixteen writers (seven users) type fast into eight sections at
 * once while a read-only observer per section records what the server relays; the server is killed
 * with SIGKILL at a seeded moment mid-load, several times. After each kill, before anything can
 * reconnect and resend, the SQLite file alone must hold everything every observer received (by
 * Yjs state vector and by text), every stored update must carry the user whose client typed it,
 * and the log must load without pending structs. After each restart, before the writers are let
 * back, a fresh client must be served exactly the stored log (the load from checkpoints loses and
 * adds nothing). The writers reconnect and carry on; at the end every client and the store converge.
 * This must hold for any correct batching of the write path (per-room or shared group commits, a
 * writer thread): durable before relay.
 *
 * The kill is sent from inside an observer's update handler, the moment a relay arrives, and the
 * check waits until every observer has read its socket to the end: a relay sent just before a commit
 * would be caught with the commit still in flight. Checked against copies of the build
 * (HEGAO_SERVER_MAIN pointing at them): a Room that applies and relays a batch before awaiting its
 * append fails at the first kill; a group commit that settles its appends when it hands the group to
 * the commit worker (a few milliseconds early) is caught at about one kill in four or five, so in most runs
 * (5 of 6 runs with six kills, on a loaded two-core machine). Each failure names
 * the section, the client (and user) and the clock range relayed but not stored, and the kill. A
 * checkpoint that claims 49 log entries too many is caught by the fresh client after a restart.
 */
import * as Y from 'yjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient, demoReport, type SectionJson } from '../helpers/api.js';
import { CollabClient, waitFor } from '../helpers/collabClient.js';
import { mulberry32 } from '../helpers/random.js';
import { ServerProcess } from '../helpers/serverProcess.js';
import { query, storedDoc, storedUpdates, userId } from '../helpers/store.js';
import type { Db } from '@hegao/storage';

const SEED = Number(process.env.HEGAO_DURABILITY_SEED ?? 0x14d7);
const SECTIONS = 8;
const CYCLES = 6;
/** Each writer types on a tick with this probability; a tick is every TICK_MS. */
const TICK_MS = 4;
const TYPE_CHANCE = 0.3;
const KEYS = '疫苗接种万剂次经济增长粮食产量养老服务党员教育保障性住房旅游收入同比增长';

type Parented = SectionJson & { parentId: string | null };

/** One typing client: a user in one section. */
interface Writer {
  username: string;
  userId: string;
  section: SectionJson;
  client: CollabClient;
  api: ApiClient;
  /** The paragraph this writer is typing into, or null before its first. */
  para: Y.XmlText | null;
  typed: number;
}

/** The read-only client of one section that records everything the server relays to it. */
interface Observer {
  section: SectionJson;
  client: CollabClient;
  /** Updates received from the server, in order. */
  received: Uint8Array[];
}

let server: ServerProcess;
/** The server's database (its SQLite file or PostgreSQL database), read beside it. */
let db: Db;
/** Updates relayed to all observers so far. */
let relayed = 0;
/** Called by an observer once `relayed` reaches `at`: the kill, sent the moment a relay arrives. */
let trigger: { at: number; fire: () => void } | null = null;
const writers: Writer[] = [];
const observers: Observer[] = [];

beforeAll(async () => {
  server = await ServerProcess.start();
  db = await server.openDb();
});

afterAll(async () => {
  for (const w of writers) w.client.destroy();
  for (const o of observers) o.client.destroy();
  await db?.close();
  await server?.dispose();
});

/** Sections that hold text (no children) and are being drafted. */
function writable(sections: Parented[]): Parented[] {
  const parents = new Set(sections.map((s) => s.parentId));
  return sections.filter((s) => !parents.has(s.id) && s.status === 'drafting');
}

/** A state vector as `{clientID: clock}`, so that a difference reads as which client lacks what. */
function clocks(stateVector: Uint8Array): Record<string, number> {
  return Object.fromEntries([...Y.decodeStateVector(stateVector)].sort(([a], [b]) => a - b).map(([client, clock]) => [String(client), clock]));
}

/** Paragraphs of a document keyed by the paragraph's Yjs id, with their text. */
function paragraphs(doc: Y.Doc): Map<string, string> {
  const out = new Map<string, string>();
  for (const el of doc.getXmlFragment('prosemirror').toArray()) {
    if (!(el instanceof Y.XmlElement) || !el._item) continue;
    const text = el
      .toArray()
      .map((t) => (t instanceof Y.XmlText ? t.toString() : ''))
      .join('');
    out.set(`${el._item.id.client}:${el._item.id.clock}`, text);
  }
  return out;
}

/** Refreshes the token and reconnects when the server says the one the provider holds is no good (docs/api.md). */
function reconnectOn4401(client: CollabClient, api: ApiClient, docName: string): void {
  client.provider.on('connection-close', (event: { code: number } | null) => {
    if (event?.code !== 4401) return;
    void api.token(docName).then((token) => {
      client.provider.params.token = token;
      client.provider.connect();
    });
  });
}

describe('durability with many writers on many sections', () => {
  it('kill -9 under load, again and again: nothing relayed is lost, everything is attributed to its typist', async () => {
    const started = Date.now();
    const phases: string[] = [];
    const mark = (what: string) => phases.push(`${what} ${((Date.now() - started) / 1000).toFixed(1)}s`);
    // Two streams: the kill moments do not depend on how many keys the timers managed to type.
    const random = mulberry32(SEED);
    const moments = mulberry32(SEED ^ 0x9e3779b9);
    const seedMsg = (what: string) => `${what} (seed ${SEED})`;
    const bgs = await ApiClient.login(server.url, 'bgs');
    let report = await demoReport(bgs);
    const bureaus = (await bgs.get<Array<{ id: string; name: string }>>('/api/bureaus')).body;
    // Grow the demo report to SECTIONS writable sections (assigned below).
    const parent = (report.sections as Parented[]).find((s) => s.title.includes('下半年工作计划'))!;
    for (let i = writable(report.sections as Parented[]).length; i < SECTIONS; i++) {
      const added = await bgs.post<{ id: string }>(`/api/reports/${report.id}/sections`, { title: `压力测试${i}`, parentId: parent.id });
      expect(added.status, JSON.stringify(added.body)).toBe(201);
      report = await demoReport(bgs);
    }
    // Each section is written by two bureaus at once, so two users of different bureaus type in it;
    // each bureau's demo editor types in two or three sections at once, from one client per section.
    const demoEditor = new Map([['卫健局', 'wjj'], ['发改局', 'fgj'], ['农业农村局', 'nyj'], ['民政局', 'mzj'], ['组织部', 'zzb'], ['住建局', 'zjj'], ['文旅局', 'wlj']]);
    const editors = [...demoEditor.keys()];
    const sections = writable(report.sections as Parented[]).slice(0, SECTIONS);
    expect(sections).toHaveLength(SECTIONS);
    const pairs = sections.map((section, i) => ({ section, bureauNames: [editors[i % editors.length]!, editors[(i + 1) % editors.length]!] }));
    for (const { section, bureauNames } of pairs) {
      const bureauIds = bureauNames.map((name) => bureaus.find((b) => b.name === name)!.id);
      const res = await bgs.put(`/api/sections/${section.id}/assignment`, { bureauIds });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
    }
    mark('sections');
    const apis = new Map(
      await Promise.all(['quzhang', ...editors.map((b) => demoEditor.get(b)!)].map(async (username) => [username, await ApiClient.login(server.url, username)] as const)),
    );
    mark('logins');
    const leader = apis.get('quzhang')!;
    const open = async (api: ApiClient, docName: string) => {
      const client = new CollabClient(server.wsUrl, docName, await api.token(docName));
      reconnectOn4401(client, api, docName);
      return client;
    };
    for (const { section, bureauNames } of pairs) {
      for (const bureau of bureauNames) {
        const username = demoEditor.get(bureau)!;
        const api = apis.get(username)!;
        writers.push({ username, userId: await userId(db, username), section, client: await open(api, section.docName), api, para: null, typed: 0 });
      }
      const observer: Observer = { section, client: await open(leader, section.docName), received: [] };
      observer.client.doc.on('update', (update: Uint8Array, origin: unknown) => {
        if (origin !== observer.client.provider) return;
        observer.received.push(update);
        relayed++;
        if (trigger !== null && relayed >= trigger.at) {
          const fire = trigger.fire;
          trigger = null;
          fire();
        }
      });
      observers.push(observer);
    }
    mark('users');
    expect(writers.length).toBeGreaterThanOrEqual(12);
    expect(new Set(writers.map((w) => w.username)).size).toBe(editors.length);
    const allClients = () => [...writers.map((w) => w.client), ...observers.map((o) => o.client)];
    await Promise.all(allClients().map((c) => c.synced(30_000)));
    await waitFor(() => writers.every((w) => w.client.mode === 'write') && observers.every((o) => o.client.mode === 'read'), 'access states');

    // Who owns which Yjs clientID, and where each document's log stood before the test typed.
    mark('connected');
    const owner = new Map<number, Writer>(writers.map((w) => [w.client.doc.clientID, w]));
    expect(owner.size).toBe(writers.length);
    const baseline = new Map(await Promise.all(sections.map(async (s) => [s.docName, (await storedUpdates(db, s.docName)).at(-1)?.seq ?? 0] as const)));

    // The load: every TICK_MS each writer types with TYPE_CHANCE — a new paragraph now and then,
    // otherwise one character at the end of its own paragraph. Typing goes on while the server
    // is down; the providers resend it once they are back.
    const type = (w: Writer) => {
      if (w.para === null || random() < 0.08) {
        const p = new Y.XmlElement('paragraph');
        w.para = new Y.XmlText(`【${w.username}第${w.typed}键】`);
        p.insert(0, [w.para]);
        w.client.fragment.insert(w.client.fragment.length, [p]);
      } else {
        w.para.insert(w.para.length, KEYS[Math.floor(random() * KEYS.length)]!);
      }
      w.typed++;
    };
    let typing = true;
    const load = setInterval(() => {
      if (!typing) return;
      for (const w of writers) if (random() < TYPE_CHANCE) type(w);
    }, TICK_MS);

    /** Everything stored in the update log is typed by the user it names, and loads cleanly. */
    const checkAttribution = async (when: string) => {
      for (const s of sections) {
        for (const row of await storedUpdates(db, s.docName)) {
          if (row.seq <= baseline.get(s.docName)!) continue;
          const decoded = Y.decodeUpdate(new Uint8Array(row.data));
          for (const struct of decoded.structs) {
            const typist = owner.get(struct.id.client);
            expect(typist, seedMsg(`${when}: ${s.title} seq ${row.seq} holds client ${struct.id.client}, which no writer of this test used`)).toBeDefined();
            expect(
              row.user_id,
              seedMsg(`${when}: ${s.title} seq ${row.seq} stores ${typist!.username}'s client ${struct.id.client} clocks ${struct.id.clock}..${struct.id.clock + struct.length - 1} under another user`),
            ).toBe(typist!.userId);
          }
          expect(decoded.ds.clients.size, seedMsg(`${when}: ${s.title} seq ${row.seq} deletes, though nobody deleted`)).toBe(0);
        }
      }
    };

    try {
      for (let cycle = 0; cycle < CYCLES; cycle++) {
        // A seeded moment mid-load: once the observers have received this many updates in this cycle —
        // after the first restart and now and then only a few, so the kill lands in the storm of resends right
        // after a restart; otherwise hundreds.
        // The signal goes out from inside the observer's update handler, as the relay arrives: were
        // anything relayed before its commit is durable, the commit would likely still be in flight.
        const threshold = cycle === 1 || moments() < 0.25 ? 1 + Math.floor(moments() * 40) : 200 + Math.floor(moments() * 600);
        let killed: Promise<void> | null = null;
        trigger = { at: relayed + threshold, fire: () => (killed = server.kill('SIGKILL')) };
        await waitFor(() => killed !== null, `${threshold} relayed updates in cycle ${cycle}`, 30_000);
        await killed;
        mark(`load ${cycle + 1}`);
        const when = `kill ${cycle + 1}`;
        // The process has exited, but what it wrote to the clients' sockets before may not have
        // been read yet: a socket closes after its last data, so wait until every client saw its close.
        await waitFor(() => allClients().every((c) => !c.provider.wsconnected), `clients disconnected after ${when}`);

        // No server: the file alone must hold everything any observer received, relayed before the
        // kill or still in its socket buffer. Nothing can reconnect and resend until the boot.
        const lost: string[] = [];
        const atKill = new Map<string, { sv: Uint8Array; xml: string }>();
        for (const o of observers) {
          const stored = await storedDoc(db, o.section.docName);
          atKill.set(o.section.docName, { sv: Y.encodeStateVector(stored), xml: stored.getXmlFragment('prosemirror').toString() });
          expect(stored.store.pendingStructs, seedMsg(`${when}: ${o.section.title} stored log leaves pending structs`)).toBeNull();
          expect(stored.store.pendingDs, seedMsg(`${when}: ${o.section.title} stored log leaves pending deletes`)).toBeNull();
          const storedSv = Y.decodeStateVector(Y.encodeStateVector(stored));
          // What the observer holds, and what each writer of the section holds of the others' typing,
          // came from the server.
          const receivers = [
            { who: 'the observer', doc: o.client.doc, own: -1 },
            ...writers.filter((w) => w.section === o.section).map((w) => ({ who: `writer ${w.username}`, doc: w.client.doc, own: w.client.doc.clientID })),
          ];
          for (const { who, doc, own } of receivers) {
            for (const [client, clock] of Y.decodeStateVector(Y.encodeStateVector(doc))) {
              const has = storedSv.get(client) ?? 0;
              if (client !== own && has < clock) {
                lost.push(`${when}: ${o.section.title} (${o.section.docName}) client ${client} (${owner.get(client)?.username ?? '?'}) clocks ${has}..${clock - 1} relayed to ${who} but not stored`);
              }
            }
          }
          const storedParas = paragraphs(stored);
          for (const [id, text] of paragraphs(o.client.doc)) {
            const kept = storedParas.get(id);
            if (kept === undefined || !kept.startsWith(text)) lost.push(`${when}: ${o.section.title} paragraph ${id} relayed as 「${text}」, stored as 「${kept ?? '(missing)'}」`);
          }
          stored.destroy();
        }
        expect(lost, seedMsg('relayed but lost')).toEqual([]);
        await checkAttribution(when);
        mark(`checked ${cycle + 1}`);

        // Back on the same data. First with everyone held back: a fresh client is served exactly the
        // log (checkpoints included), before any writer could resend what a bad load left out.
        for (const c of allClients()) c.provider.disconnect();
        await server.boot();
        mark(`boot ${cycle + 1}`);
        for (const s of sections) {
          const fresh = await CollabClient.open(leader, server.wsUrl, s.docName);
          try {
            expect(clocks(Y.encodeStateVector(fresh.doc)), seedMsg(`${when}: ${s.title} served after the restart as stored`)).toEqual(clocks(atKill.get(s.docName)!.sv));
            expect(fresh.xml(), seedMsg(`${when}: ${s.title} text served after the restart`)).toBe(atKill.get(s.docName)!.xml);
          } finally {
            fresh.destroy();
          }
        }
        // Then every client reconnects and goes on typing.
        for (const c of allClients()) c.provider.connect();
        await waitFor(() => allClients().every((c) => c.provider.wsconnected && c.provider.synced), `every client back after ${when}`, 30_000);
        mark(`back ${cycle + 1}`);
      }

      // Quiet: every client of a section, the observer and the store converge.
      typing = false;
      clearInterval(load);
      await waitFor(
        () =>
          observers.every((o) => {
            const sv = Y.encodeStateVector(o.client.doc).toString();
            return writers.filter((w) => w.section === o.section).every((w) => Y.encodeStateVector(w.client.doc).toString() === sv);
          }),
        'all clients converge',
        30_000,
      );
      mark('converged');
      for (const o of observers) {
        const stored = await storedDoc(db, o.section.docName);
        expect(clocks(Y.encodeStateVector(stored)), seedMsg(`${o.section.title} stored state`)).toEqual(clocks(Y.encodeStateVector(o.client.doc)));
        expect(stored.getXmlFragment('prosemirror').toString(), seedMsg(`${o.section.title} stored text`)).toBe(o.client.xml());
        for (const w of writers.filter((x) => x.section === o.section)) expect(w.client.xml()).toBe(o.client.xml());
        stored.destroy();
      }
      await checkAttribution('at the end');
      const typed = writers.reduce((n, w) => n + w.typed, 0);
      const stored = (await query<{ n: number }>(db, 'SELECT COUNT(*) AS n FROM doc_updates'))[0]!.n;
      console.log(`durabilityMany: ${writers.length} writers, ${SECTIONS} sections, ${CYCLES} kills; ${typed} keystrokes, ${relayed} updates relayed to observers, ${stored} stored rows; ${phases.join(', ')}`);
      expect(relayed).toBeGreaterThan(500);
    } finally {
      typing = false;
      clearInterval(load);
    }

    // Nobody was refused or closed by the server (a 4401 would only mean a token to refresh), and the server never met an update it could not apply.
    for (const c of allClients()) expect(c.closes.filter((e) => e.code >= 4000 && e.code !== 4401), seedMsg('no 4xxx closes')).toEqual([]);
    const errors = server.output.split('\n').filter((line) => line.includes('"level":"error"') || line.includes('could not be applied') || /"msg":"[^"]*pending structs/.test(line));
    expect(errors, seedMsg('server errors')).toEqual([]);
  }, 180_000);
});
