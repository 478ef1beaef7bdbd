/**
 * Browser workspace benchmark (issue 3): a report of 30 sections with 20 people in it.
 * Two real Chromium users (wjj and a colleague of the same bureau) plus 18 simulated colleagues
 * (stock y-websocket clients, present in every section, six of them typing at a human pace).
 *
 * Measured, alone and then in the crowd, in one run so the figures read as ratios:
 * - page load: navigation → the user's own section editable, and → every section synced;
 * - input latency: an input event in the editor (beforeinput) → the editor's DOM updated (same page);
 * - relay latency: a keystroke in one browser → the character in the colleague's browser.
 *
 *   npm run bench:browser   (from tests/; the root `npm run bench` runs every benchmark)
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { ApiClient, demoReport, type SectionJson } from '../helpers/api.js';
import { CollabClient } from '../helpers/collabClient.js';
import { ServerProcess } from '../helpers/serverProcess.js';
import { launchBrowser, openReport, section, signIn } from '../e2e/browser.js';

const SECTIONS = 30;
const PEOPLE = 20;
const KEYS = Number(process.env.HEGAO_BENCH_KEYS ?? 60);
const BUREAUS = ['卫健局', '发改局', '农业农村局', '民政局', '组织部', '住建局', '文旅局'];

function stats(values: number[]) {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
  return { n: sorted.length, p50: at(50), p95: at(95), max: sorted.at(-1) ?? NaN };
}

type Parented = SectionJson & { parentId: string | null };

function leavesOf(sections: Parented[]): Parented[] {
  const parents = new Set(sections.map((s) => s.parentId));
  return sections.filter((s) => !parents.has(s.id));
}

/** Loads the report page: milliseconds until the user's own section is editable, and until every section is synced. */
async function measureLoad(page: Page, reportId: string, own: SectionJson): Promise<{ ownEditable: number; allSynced: number }> {
  await page.goto('about:blank');
  const t0 = Date.now();
  await page.goto(`/#/reports/${reportId}`);
  await page.waitForSelector(`[data-testid=section][data-section-id="${own.id}"][data-mode=write][data-synced=true]`, { timeout: 30_000 });
  const ownEditable = Date.now() - t0;
  await openReport(page, reportId);
  return { ownEditable, allSynced: Date.now() - t0 };
}

/** Installs `window.__textLength(el)`: the editor's text without remote caret labels. */
async function installTextLength(page: Page): Promise<void> {
  // A string, not a function: the TypeScript loader decorates functions with helpers the page lacks.
  await page.evaluate(`window.__textLength = function (el) {
    var walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT, {
      acceptNode: function (n) { return n.parentElement && n.parentElement.closest('.ProseMirror-yjs-cursor') ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT; }
    });
    var len = 0;
    for (var n = walker.nextNode(); n; n = walker.nextNode()) len += (n.textContent || '').length;
    return len;
  }`);
}

/** Types KEYS characters at ~8/s in `writer`; returns input latency (writer) and relay latency (to `reader`). */
async function measureTyping(writer: Page, reader: Page, target: SectionJson, tag: string) {
  const editorSel = `[data-testid=section][data-section-id="${target.id}"] .ProseMirror`;
  await installTextLength(reader);
  await reader.evaluate((sel) => {
    const el = document.querySelector(sel)!;
    const w = window as unknown as { __arrivals: Array<[number, number]>; __textLength: (el: Element) => number };
    w.__arrivals = [];
    new MutationObserver(() => w.__arrivals.push([Date.now(), w.__textLength(el)])).observe(el, { subtree: true, childList: true, characterData: true });
  }, editorSel);
  await writer.evaluate((sel) => {
    const el = document.querySelector(sel)!;
    const w = window as unknown as { __input: number[]; __down: number | null };
    w.__input = [];
    w.__down = null;
    window.addEventListener('beforeinput', () => (w.__down = performance.now()), true);
    new MutationObserver(() => {
      if (w.__down !== null) {
        w.__input.push(performance.now() - w.__down);
        w.__down = null;
      }
    }).observe(el, { subtree: true, childList: true, characterData: true });
  }, editorSel);
  await writer.waitForSelector(`[data-testid=section][data-section-id="${target.id}"][data-mode=write]`);
  // Caret at the end of the section's text, as a click there would put it.
  await writer.locator(editorSel).evaluate((el) => {
    (el as HTMLElement).focus();
    const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    let last: Node | null = null;
    for (let n = walker.nextNode(); n; n = walker.nextNode()) if (!n.parentElement?.closest('.ProseMirror-yjs-cursor')) last = n;
    const range = document.createRange();
    range.setStart(last!, last!.textContent!.length);
    const selection = window.getSelection()!;
    selection.removeAllRanges();
    selection.addRange(range);
  });
  const base = await reader.evaluate((sel) => (window as unknown as { __textLength: (el: Element) => number }).__textLength(document.querySelector(sel)!), editorSel);
  const sent: number[] = [];
  const text = `${tag}测试输入`.repeat(KEYS).slice(0, KEYS);
  for (const ch of text) {
    sent.push(Date.now());
    await writer.keyboard.type(ch);
    await new Promise((r) => setTimeout(r, 120));
  }
  await reader.waitForFunction(
    ([sel, len]) => (window as unknown as { __textLength: (el: Element) => number }).__textLength(document.querySelector(sel as string)!) >= (len as number),
    [editorSel, base + KEYS] as const,
    { timeout: 30_000 },
  );
  const arrivals = await reader.evaluate(() => (window as unknown as { __arrivals: Array<[number, number]> }).__arrivals);
  const relay = sent.map((t, i) => {
    const hit = arrivals.find(([, len]) => len >= base + i + 1);
    return hit ? hit[0] - t : NaN;
  });
  const input = await writer.evaluate(() => (window as unknown as { __input: number[] }).__input);
  return { input: stats(input), relay: stats(relay.filter(Number.isFinite)) };
}

async function main(): Promise<void> {
  const server = await ServerProcess.start();
  const crowd: CollabClient[] = [];
  const browser = await launchBrowser();
  try {
    const bgs = await ApiClient.login(server.url, 'bgs');
    let report = await demoReport(bgs);
    const bureaus = (await bgs.get<Array<{ id: string; name: string }>>('/api/bureaus')).body;
    const bureauId = (name: string) => bureaus.find((b) => b.name === name)?.id;
    const plan = (report.sections as Parented[]).find((s) => s.title.includes('下半年工作计划'))!;
    // Grow the demo report to 30 sections that hold text, each assigned to a bureau.
    for (let i = leavesOf(report.sections as Parented[]).length; i < SECTIONS; i++) {
      const added = await bgs.post<{ id: string }>(`/api/reports/${report.id}/sections`, { title: `补充工作${i}`, parentId: plan.id });
      if (added.status !== 201) throw new Error(`add section: ${added.status} ${JSON.stringify(added.body)}`);
      await bgs.put(`/api/sections/${added.body.id}/assignment`, { bureauIds: [bureauId(BUREAUS[i % BUREAUS.length]!)] });
    }
    report = await demoReport(bgs);
    const leaves = leavesOf(report.sections as Parented[]);
    server.cli(['user', 'add', 'wjj2', '--name', '王卫', '--role', 'editor', '--bureau', '卫健局', '--password', 'bench-password']);
    const people: ApiClient[] = [];
    for (let i = 0; i < PEOPLE - 2; i++) {
      const username = `bench${i}`;
      server.cli(['user', 'add', username, '--name', `同事${i}`, '--role', 'editor', '--bureau', BUREAUS[i % BUREAUS.length]!, '--password', 'bench-password']);
      people.push(await ApiClient.login(server.url, username, 'bench-password'));
    }
    const target = leaves.find((s) => s.bureaus.some((b) => b.name === '卫健局'))!;
    const a = await signIn(browser, server.url, 'wjj');
    const b = await signIn(browser, server.url, 'wjj2', 'bench-password');

    // Alone: only the two measuring users.
    await openReport(b.page, report.id);
    const loadAlone = await measureLoad(a.page, report.id, target);
    await section(a.page, target.id).waitFor();
    const typingAlone = await measureTyping(a.page, b.page, target, '独');
    // The same load with one native socket per section (the fallback; the app shares one socket by default).
    const m = await signIn(browser, server.url, 'wjj');
    await m.context.addInitScript("localStorage.setItem('hegao.mux', 'off')");
    const loadNative = await measureLoad(m.page, report.id, target);
    await m.context.close();

    // The crowd: 18 colleagues in every section, six of them typing in their own sections.
    for (const [i, api] of people.entries()) {
      for (const s of leaves) {
        const client = new CollabClient(server.wsUrl, s.docName, await api.token(s.docName));
        client.provider.awareness.setLocalStateField('focus', i % 3 === 0);
        crowd.push(client);
      }
    }
    await Promise.all(crowd.map((c) => c.synced(60_000)));
    const typists = people.slice(0, 6).map((_api, i) => {
      const own = leaves.filter((s) => s.bureaus.some((x) => x.name === BUREAUS[i % BUREAUS.length]) && s.id !== target.id);
      const client = crowd[i * leaves.length + leaves.indexOf(own[0]!)]!;
      return setInterval(() => client.appendParagraph(`同事${i}在写`), 400);
    });
    const loadCrowd = await measureLoad(a.page, report.id, target);
    await openReport(b.page, report.id);
    const typingCrowd = await measureTyping(a.page, b.page, target, '众');
    typists.forEach(clearInterval);

    const result = {
      date: new Date().toISOString(),
      sections: leaves.length,
      people: PEOPLE,
      keys: KEYS,
      pageLoadMs: { alone: loadAlone, crowd: loadCrowd, allSyncedRatio: loadCrowd.allSynced / loadAlone.allSynced, aloneSocketPerSection: loadNative, socketPerSectionRatio: loadNative.allSynced / loadAlone.allSynced },
      inputLatencyMs: { alone: typingAlone.input, crowd: typingCrowd.input, p95Ratio: typingCrowd.input.p95 / typingAlone.input.p95 },
      relayLatencyMs: { alone: typingAlone.relay, crowd: typingCrowd.relay, p95Ratio: typingCrowd.relay.p95 / typingAlone.relay.p95 },
    };
    const dir = fileURLToPath(new URL('results/', import.meta.url));
    mkdirSync(dir, { recursive: true });
    writeFileSync(`${dir}browserWorkspace-${result.date.replace(/[:.]/g, '-')}.json`, JSON.stringify(result, null, 2));
    console.log(JSON.stringify(result, null, 2));
  } finally {
    for (const c of crowd) c.destroy();
    await browser.close();
    await server.dispose();
  }
}

await main();
process.exit(0);
