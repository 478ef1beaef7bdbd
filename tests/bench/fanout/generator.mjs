/**
 * Fan-out load generator (issue 14). Independent of 合稿's code: stock Y.Doc clients speaking the
 * y-websocket protocol (y-protocols sync + awareness over `ws`), or the same messages in Hocuspocus'
 * framing (every frame prefixed with the document name, a token auth message first).
 *
 *   taskset -c 1 node generator.mjs <plan.json>
 *
 * The plan (written by ../fanout.ts) lists the sections, each with its writers and viewers (each
 * client its own URL — several servers' when they form a cluster — and, for Hocuspocus, a token),
 * the load and the server's pid (or `serverPids`, several servers whose CPU is summed and also
 * reported one by one), and optionally `otherProcesses` ({ name, pid, children }: a database or a
 * message broker whose CPU is reported apart; `children` adds its child processes', e.g.
 * PostgreSQL's backends). Progress goes to stderr; the result is one JSON object on the last line
 * of stdout.
 *
 * Writers hold a Y.Doc, type into their own paragraph of the section's `prosemirror` fragment (one
 * insert per keystroke at the end, every `deleteEvery`-th keystroke a backspace of their own last
 * character) and apply what their colleagues type. Viewers answer sync like an empty client and
 * record, for each update they get, which keystrokes it carries (Y.parseUpdateMeta; the delete set
 * via Y.decodeUpdate while a delete is outstanding) — cheaper than integrating it, so the generator
 * stays off the critical path at high rates. A delivery is one keystroke reaching one colleague
 * (the section's other writers and its viewers); its latency is arrival − keystroke, both on this
 * process' clock. A delivery still missing after the drain is lost.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import WebSocket from 'ws';
import * as Y from 'yjs';
import * as syncProtocol from 'y-protocols/sync';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as encoding from 'lib0/encoding';
import * as decoding from 'lib0/decoding';

const plan = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const HOCUS = plan.framing === 'hocuspocus';
const CHARS = '合稿测试输入文字工作总结报告上半年推进落实';
const log = (msg) => process.stderr.write(`[generator] ${msg}\n`);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** utime + stime of a process in milliseconds, from /proc/<pid>/stat. */
function cpuMsOf(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]); // fields 14 and 15 of stat(5)
  return (ticks * 1000) / 100; // USER_HZ is 100 on Linux
}
/**
 * CPU of a process and its children in milliseconds: its own, its reaped children's (cutime +
 * cstime) and its live children's (with theirs), so a child that ends in between is still counted.
 */
function treeCpuMs(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  let ticks = Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14]); // 14–17 of stat(5)
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let child;
    try {
      child = readFileSync(`/proc/${entry}/stat`, 'utf8');
    } catch {
      continue; // gone meanwhile
    }
    const f = child.slice(child.lastIndexOf(')') + 2).split(' ');
    if (Number(f[1]) === pid) ticks += Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14]);
  }
  return (ticks * 1000) / 100;
}
const SERVER_PIDS = plan.serverPids ?? [plan.serverPid];
const OTHERS = plan.otherProcesses ?? [];
const othersCpuMs = () => OTHERS.map((p) => (p.children ? treeCpuMs(p.pid) : cpuMsOf(p.pid)));
function rssMbOf(pid) {
  const m = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : NaN;
}
function selfCpuMs() {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

// ---- latency bookkeeping --------------------------------------------------------------------

/** Samples per phase name. */
const samples = new Map();
function record(phase, ms) {
  let list = samples.get(phase);
  if (!list) samples.set(phase, (list = []));
  list.push(ms);
}

class Writer {
  constructor(section, index, url, token) {
    this.section = section;
    this.index = index;
    this.doc = new Y.Doc();
    this.ins = []; // { clock, t, phase } in clock order
    this.del = []; // { clock, t, phase } in send order
    this.live = []; // clocks of this writer's characters still in its paragraph, in order
    this.keystrokes = 0;
    this.conn = new Conn(this, url, token, section.docName);
    this.doc.on('update', (update, origin) => {
      if (origin !== 'remote') this.conn.send(syncMessage((e) => syncProtocol.writeUpdate(e, update)));
    });
  }
  get clientID() {
    return this.doc.clientID;
  }
  startParagraph() {
    const fragment = this.doc.getXmlFragment('prosemirror');
    const p = new Y.XmlElement('paragraph');
    this.text = new Y.XmlText();
    this.doc.transact(() => {
      fragment.insert(fragment.length, [p]);
      p.insert(0, [this.text]);
    });
  }
  keystroke(phase, deleteEvery) {
    const t = performance.now();
    this.keystrokes++;
    if (deleteEvery > 0 && this.keystrokes % deleteEvery === 0 && this.live.length > 0) {
      const clock = this.live.pop();
      this.del.push({ clock, t, phase });
      this.text.delete(this.text.length - 1, 1);
    } else {
      const clock = Y.getState(this.doc.store, this.doc.clientID);
      this.ins.push({ clock, t, phase });
      this.live.push(clock);
      this.text.insert(this.text.length, CHARS[this.keystrokes % CHARS.length]);
    }
    this.section.sent.set(phase, (this.section.sent.get(phase) ?? 0) + 1);
  }
}

/** A receiving end: a viewer, or a writer's own connection. Tracks every colleague's keystrokes. */
class Receiver {
  constructor(section, writer) {
    this.section = section;
    this.writer = writer; // null for a viewer
    this.insPtr = new Map(); // writer clientID → index into its ins
    this.delPtr = new Map();
  }
  watch(writers) {
    this.colleagues = writers.filter((w) => w !== this.writer);
    for (const w of this.colleagues) {
      this.insPtr.set(w.clientID, w.ins.length);
      this.delPtr.set(w.clientID, w.del.length);
    }
    this.byClient = new Map(this.colleagues.map((w) => [w.clientID, w]));
  }
  onUpdate(update) {
    if (!this.byClient) return;
    const now = performance.now();
    const meta = Y.parseUpdateMeta(update);
    for (const [client, to] of meta.to) {
      const w = this.byClient.get(client);
      if (!w) continue;
      let i = this.insPtr.get(client);
      while (i < w.ins.length && w.ins[i].clock < to) {
        record(w.ins[i].phase, now - w.ins[i].t);
        i++;
      }
      this.insPtr.set(client, i);
    }
    let deletesOutstanding = false;
    for (const w of this.colleagues) if (this.delPtr.get(w.clientID) < w.del.length) deletesOutstanding = true;
    if (!deletesOutstanding) return;
    const { ds } = Y.decodeUpdate(update);
    for (const [client, items] of ds.clients) {
      const w = this.byClient.get(client);
      if (!w) continue;
      let i = this.delPtr.get(client);
      while (i < w.del.length && items.some((d) => d.clock <= w.del[i].clock && w.del[i].clock < d.clock + d.len)) {
        record(w.del[i].phase, now - w.del[i].t);
        i++;
      }
      this.delPtr.set(client, i);
    }
  }
  /** Deliveries of `phase` this receiver has not had yet. */
  outstanding(phase) {
    let n = 0;
    for (const w of this.colleagues) {
      for (let i = this.insPtr.get(w.clientID); i < w.ins.length; i++) if (w.ins[i].phase === phase) n++;
      for (let i = this.delPtr.get(w.clientID); i < w.del.length; i++) if (w.del[i].phase === phase) n++;
    }
    return n;
  }
}

// ---- protocol -------------------------------------------------------------------------------

function syncMessage(write) {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, 0);
  write(e);
  return encoding.toUint8Array(e);
}
const EMPTY_UPDATE = Y.encodeStateAsUpdate(new Y.Doc());
const closes = [];
let conns = 0;

/** One WebSocket of one client (writer or viewer) to one document. */
class Conn {
  constructor(owner, url, token, docName) {
    this.owner = owner; // a Writer, or null for a viewer
    this.docName = docName;
    this.receiver = null;
    this.synced = false;
    this.awarenessClock = 0;
    this.awarenessId = owner ? owner.doc.clientID : Math.floor(Math.random() * 2 ** 31);
    this.ws = new WebSocket(url, { perMessageDeflate: false });
    this.ws.binaryType = 'nodebuffer';
    this.ws.on('open', () => {
      conns++;
      if (HOCUS) {
        const e = encoding.createEncoder();
        encoding.writeVarUint(e, 2); // Auth
        encoding.writeVarUint(e, 0); // Token
        encoding.writeVarString(e, token ?? '');
        this.send(encoding.toUint8Array(e));
      }
      this.send(syncMessage((e) => syncProtocol.writeSyncStep1(e, owner ? owner.doc : new Y.Doc())));
      this.sendAwareness();
    });
    this.ws.on('message', (data) => this.onMessage(data));
    this.ws.on('close', (code, reason) => {
      conns--;
      if (!stopping) closes.push({ docName, code, reason: String(reason) });
    });
    this.ws.on('error', (err) => closes.push({ docName, code: -1, reason: String(err) }));
  }
  send(message) {
    if (this.ws.readyState !== WebSocket.OPEN) return;
    if (HOCUS) {
      const e = encoding.createEncoder();
      encoding.writeVarString(e, this.docName);
      encoding.writeUint8Array(e, message);
      message = encoding.toUint8Array(e);
    }
    this.ws.send(message);
  }
  sendAwareness() {
    // An awareness update for this client's own state, as y-protocols' Awareness encodes it.
    const e = encoding.createEncoder();
    encoding.writeVarUint(e, 1);
    const inner = encoding.createEncoder();
    encoding.writeVarUint(inner, 1);
    encoding.writeVarUint(inner, this.awarenessId);
    encoding.writeVarUint(inner, ++this.awarenessClock);
    encoding.writeVarString(inner, JSON.stringify({ user: { name: this.owner ? `writer ${this.owner.index}` : 'viewer' }, focus: !!this.owner }));
    encoding.writeVarUint8Array(e, encoding.toUint8Array(inner));
    this.send(encoding.toUint8Array(e));
  }
  onMessage(data) {
    const d = decoding.createDecoder(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
    if (HOCUS) decoding.readVarString(d);
    const type = decoding.readVarUint(d);
    if (type !== 0 && type !== 4) return; // awareness, auth, access, sync status…: not measured
    const sub = decoding.readVarUint(d);
    if (sub === 0) {
      const sv = decoding.readVarUint8Array(d);
      const reply = syncMessage((e) => {
        encoding.writeVarUint(e, 1);
        encoding.writeVarUint8Array(e, this.owner ? Y.encodeStateAsUpdate(this.owner.doc, sv) : EMPTY_UPDATE);
      });
      this.send(reply);
      return;
    }
    const update = decoding.readVarUint8Array(d);
    if (sub === 1) this.synced = true;
    if (this.owner) Y.applyUpdate(this.owner.doc, update, 'remote');
    this.receiver?.onUpdate(update);
  }
}

// ---- the run --------------------------------------------------------------------------------

let stopping = false;
const sections = plan.sections.map((s) => ({ docName: s.docName, writers: [], receivers: [], conns: [], sent: new Map() }));
log(`connecting ${plan.sections.reduce((n, s) => n + s.writers.length + s.viewers.length, 0)} clients (${plan.framing})`);
for (const [i, s] of plan.sections.entries()) {
  const section = sections[i];
  for (const [k, w] of s.writers.entries()) {
    const writer = new Writer(section, k, w.url, w.token);
    section.writers.push(writer);
    section.conns.push(writer.conn);
    writer.conn.receiver = new Receiver(section, writer);
    section.receivers.push(writer.conn.receiver);
  }
  for (const v of s.viewers) {
    const conn = new Conn(null, v.url, v.token, s.docName);
    conn.receiver = new Receiver(section, null);
    section.conns.push(conn);
    section.receivers.push(conn.receiver);
  }
  await sleep(20); // do not open 130 sockets in one burst
}
const allConns = sections.flatMap((s) => s.conns);
const deadline = Date.now() + 60_000;
while (!allConns.every((c) => c.synced)) {
  if (Date.now() > deadline || closes.length > 0) {
    console.log(JSON.stringify({ error: `not synced: ${allConns.filter((c) => !c.synced).length} of ${allConns.length}`, closes: closes.slice(0, 10) }));
    process.exit(1);
  }
  await sleep(20);
}
for (const s of sections) for (const w of s.writers) w.startParagraph();
await sleep(500);
for (const s of sections) for (const r of s.receivers) r.watch(s.writers);
log('all synced, paragraphs made');

const awarenessTimer = setInterval(() => allConns.forEach((c) => c.sendAwareness()), 15_000);
const writers = sections.flatMap((s) => s.writers);

/** Types at `rate` keystrokes/s per writer for `seconds`, keystrokes tagged with `phase`. */
async function type(rate, seconds, phase) {
  const interval = 1000 / rate;
  const start = performance.now();
  const end = start + seconds * 1000;
  const next = writers.map(() => start + Math.random() * interval);
  let sent = 0;
  while (performance.now() < end) {
    const now = performance.now();
    for (let i = 0; i < writers.length; i++) {
      while (next[i] <= now && next[i] < end) {
        writers[i].keystroke(phase, plan.deleteEvery);
        next[i] += interval;
        sent++;
      }
    }
    await new Promise((r) => setImmediate(r));
    await sleep(1);
  }
  return { sent, seconds: (performance.now() - start) / 1000 };
}

/** Waits until every delivery of `phase` arrived or `ms` passed; returns the deliveries missing. */
async function drain(phase, ms) {
  const until = performance.now() + ms;
  let missing = 0;
  for (;;) {
    missing = 0;
    for (const s of sections) for (const r of s.receivers) missing += r.outstanding(phase);
    if (missing === 0 || performance.now() > until) return missing;
    await sleep(50);
  }
}

function stats(phase) {
  const sorted = Float64Array.from(samples.get(phase) ?? []).sort();
  const at = (p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
  return { deliveries: sorted.length, p50: at(50), p95: at(95), p99: at(99), max: sorted.at(-1) ?? NaN };
}

/** Runs one measured phase: server and generator CPU around the typing, then the drain. */
async function measured(rate, seconds, phase, drainMs) {
  const cpu0 = SERVER_PIDS.map(cpuMsOf);
  const others0 = othersCpuMs();
  const self0 = selfCpuMs();
  // The generator's own event-loop delay: how late its timers ran (its core was busy or taken).
  const loop = monitorEventLoopDelay({ resolution: 5 });
  loop.enable();
  const t0 = performance.now();
  const typed = await type(rate, seconds, phase);
  const wallMs = performance.now() - t0;
  const serverCpuMsEach = SERVER_PIDS.map((pid, i) => cpuMsOf(pid) - cpu0[i]);
  const serverCpuMs = serverCpuMsEach.reduce((a, b) => a + b, 0);
  const othersMs = othersCpuMs().map((ms, i) => ms - others0[i]);
  const generatorCpuMs = selfCpuMs() - self0;
  loop.disable();
  const lost = await drain(phase, drainMs);
  const expected = sections.reduce((n, s) => n + (s.sent.get(phase) ?? 0) * (s.receivers.length - 1), 0);
  return {
    ratePerWriter: rate,
    targetTotalRate: rate * writers.length,
    keystrokes: typed.sent,
    achievedTotalRate: typed.sent / (wallMs / 1000),
    seconds: wallMs / 1000,
    expectedDeliveries: expected,
    lostDeliveries: lost,
    latencyMs: stats(phase),
    serverCpuMs,
    serverCpuMsPerKeystroke: serverCpuMs / typed.sent,
    serverCpuUtilisation: serverCpuMs / wallMs,
    generatorCpuUtilisation: generatorCpuMs / wallMs,
    ...(SERVER_PIDS.length > 1 ? { serverCpuMsPerKeystrokeEach: serverCpuMsEach.map((ms) => ms / typed.sent), serverCpuUtilisationEach: serverCpuMsEach.map((ms) => ms / wallMs) } : {}),
    ...(OTHERS.length > 0
      ? { otherProcesses: Object.fromEntries(OTHERS.map((p, i) => [p.name, { cpuMs: othersMs[i], cpuMsPerKeystroke: othersMs[i] / typed.sent, cpuUtilisation: othersMs[i] / wallMs }])) }
      : {}),
    loopDelayP99Ms: loop.percentile(99) / 1e6,
    loopDelayMaxMs: loop.max / 1e6,
  };
}

const result = { framing: plan.framing, writers: writers.length, connections: allConns.length, deleteEvery: plan.deleteEvery };
log(`fixed load: warm-up ${plan.fixed.warmupS} s, window ${plan.fixed.windowS} s at ${plan.fixed.rate} keys/s per writer`);
await type(plan.fixed.rate, plan.fixed.warmupS, 'warmup');
result.fixed = await measured(plan.fixed.rate, plan.fixed.windowS, 'fixed', plan.drainS * 1000);
result.fixed.serverRssMb = SERVER_PIDS.reduce((n, pid) => n + rssMbOf(pid), 0);
if (SERVER_PIDS.length > 1) result.fixed.serverRssMbEach = SERVER_PIDS.map(rssMbOf);
log(`fixed: ${JSON.stringify(result.fixed.latencyMs)} lost ${result.fixed.lostDeliveries}, loop delay p99 ${result.fixed.loopDelayP99Ms.toFixed(1)} ms`);
await drain('warmup', 1000);

result.ramp = [];
result.maxSustainedTotalRate = 0; // p99 within the limit and every delivery in
result.maxKeptUpTotalRate = 0; // every delivery in, whatever the p99
for (const rate of plan.ramp.rates) {
  const phase = `ramp-${rate}`;
  const step = await measured(rate, plan.ramp.stepS, phase, plan.ramp.drainS * 1000);
  const reasons = [];
  const slow = step.latencyMs.p99 > plan.ramp.p99LimitMs;
  const behind = step.lostDeliveries > 0;
  const starved = step.achievedTotalRate < 0.9 * step.targetTotalRate;
  if (slow) reasons.push(`p99 ${step.latencyMs.p99.toFixed(1)} ms > ${plan.ramp.p99LimitMs} ms`);
  if (behind) reasons.push(`${step.lostDeliveries} deliveries still missing ${plan.ramp.drainS} s after the step`);
  if (starved) reasons.push(`generator sent only ${step.achievedTotalRate.toFixed(0)} of ${step.targetTotalRate} keys/s`);
  if (step.generatorCpuUtilisation > 0.9) reasons.push(`generator CPU ${(step.generatorCpuUtilisation * 100).toFixed(0)} % (it may be the bottleneck)`);
  step.sustained = !slow && !behind && !starved;
  step.reasons = reasons;
  result.ramp.push(step);
  log(`ramp ${rate}/writer: p50 ${step.latencyMs.p50.toFixed(1)} / p99 ${step.latencyMs.p99.toFixed(1)} ms, server CPU ${(step.serverCpuUtilisation * 100).toFixed(0)} %, generator CPU ${(step.generatorCpuUtilisation * 100).toFixed(0)} %, loop delay p99 ${step.loopDelayP99Ms.toFixed(1)} ms ${reasons.join('; ')}`);
  if (!behind && !starved) result.maxKeptUpTotalRate = Math.max(result.maxKeptUpTotalRate, step.achievedTotalRate);
  if (step.sustained) result.maxSustainedTotalRate = Math.max(result.maxSustainedTotalRate, step.achievedTotalRate);
  // Steps over the p99 limit do not end the ramp (on a shared machine the limit sits near the
  // noise floor, and the kept-up rate needs the steps above): deliveries falling behind, or the
  // generator not sending the rate, do.
  if (behind || starved) break;
  await drain(phase, 2000);
}
// Whatever is still on its way after the last step, before the convergence check.
if (result.ramp.length > 0) result.lateAfterRamp = await drain(`ramp-${result.ramp.at(-1).ratePerWriter}`, 20_000);
result.generatorLimited = result.ramp.length === plan.ramp.rates.length && result.ramp.at(-1).sustained;

// Convergence: the writers of a section ended with the same text.
result.converged = sections.every((s) => s.writers.every((w) => w.doc.getXmlFragment('prosemirror').toString() === s.writers[0].doc.getXmlFragment('prosemirror').toString()));
result.closes = closes.slice(0, 20);
stopping = true;
clearInterval(awarenessTimer);
for (const c of allConns) c.ws.close();
await sleep(200);
console.log(JSON.stringify(result));
process.exit(0);
