/**
 * Import and export speed (issue 13): the import preview of a 30,000-character report (goal ≤ 1 s)
 * and the .docx export of a 30-section locked version (goal ≤ 2 s).
 *
 * The text is real: one report made of the seeds' sections one after another, renumbered as one
 * outline, under the first seed's advertising header and title, until it passes 30,000 characters. Both figures are taken against the real
 * server (child process, SQLite file) through the public routes — `POST /api/imports`, then
 * `POST /api/imports/report` with the first 30 sections of that preview, every section submitted and
 * approved, merged, locked, and `GET …/versions/1/export.docx` — and, beside them, in-process
 * (`previewText`), so the HTTP and process overhead shows as a ratio. Medians of 7 after 2 warm-ups.
 *
 *   npm run bench:import-export   (from tests/; the root `npm run bench` runs every benchmark)
 */
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { previewText, type ImportBlock } from '@hegao/import';
import { ApiClient } from '../helpers/api.js';
import { ServerProcess } from '../helpers/serverProcess.js';

const GOAL_PREVIEW_MS = 1_000;
const GOAL_EXPORT_MS = 2_000;
const CHARS = 30_000;
const SECTIONS = 30;
const RUNS = 7;
const WARMUPS = 2;

const SEEDS = fileURLToPath(new URL('../../seeds/', import.meta.url));

const DIGITS = '一二三四五六七八九';

/** Chinese numeral for 1–99 (heading numbers). */
function numeral(n: number): string {
  const ones = n % 10 === 0 ? '' : DIGITS[(n % 10) - 1]!;
  if (n < 10) return ones;
  return `${n < 20 ? '' : DIGITS[Math.floor(n / 10) - 1]!}十${ones}`;
}

/** A heading marker of a level for the n-th heading at that level: 一、 （一） 1. （1）. */
function marker(level: number, n: number): string {
  return level === 1 ? `${numeral(n)}、` : level === 2 ? `（${numeral(n)}）` : level === 3 ? `${n}.` : `（${n}）`;
}

/**
 * One report of at least `chars` characters made of real text: the first seed's advertising header
 * and title, then the sections of every seed (as the importer reads them) one after another,
 * renumbered as one outline, the seeds repeated until the text is long enough.
 */
function realText(chars: number): string {
  const files = readdirSync(SEEDS).filter((f) => f.endsWith('.txt')).sort();
  const first = readFileSync(join(SEEDS, files[0]!), 'utf8');
  const head = first.slice(0, first.indexOf(previewText(first).title) + previewText(first).title.length);
  const lines = [head];
  const counters = [0, 0, 0, 0, 0];
  let length = head.length;
  while (length < chars) {
    for (const file of files) {
      for (const s of previewText(readFileSync(join(SEEDS, file), 'utf8')).sections) {
        const level = Math.min(4, s.level);
        if (s.number !== '') {
          counters[level] = counters[level]! + 1;
          for (let l = level + 1; l < counters.length; l++) counters[l] = 0;
        }
        const heading = s.number === '' ? s.title : `${marker(level, counters[level]!)}${s.title}`;
        lines.push(heading, s.text);
        length += heading.length + s.text.length;
        if (length >= chars) return lines.join('\n');
      }
    }
  }
  return lines.join('\n');
}

/** Median of `RUNS` timings of `fn` in ms, after `WARMUPS` untimed runs. */
async function median(fn: () => Promise<unknown> | unknown): Promise<number> {
  for (let i = 0; i < WARMUPS; i++) await fn();
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    await fn();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)]!;
}

interface PreviewSection {
  title: string;
  level: number;
  number: string;
  blocks: ImportBlock[];
}

/** The first `n` sections of a preview as a create request's sections: levels repaired so none jumps, every leaf written by `bureauId`. */
function firstSections(sections: readonly PreviewSection[], n: number, bureauId: string) {
  const picked = sections.slice(0, n);
  let previous = 0;
  return picked.map((s, i) => {
    const level = Math.min(s.level, previous + 1);
    previous = level;
    const next = picked[i + 1];
    const isLeaf = !next || Math.min(next.level, level + 1) <= level;
    return { title: s.title.slice(0, 100) || `第${i + 1}节`, level, numbered: s.number !== '', blocks: s.blocks, bureauIds: isLeaf ? [bureauId] : [] };
  });
}

async function main(): Promise<void> {
  const text = realText(CHARS);
  const inProcess = await median(() => previewText(text));

  const server = await ServerProcess.start();
  try {
    const bgs = await ApiClient.login(server.url, 'bgs');
    const fgj = await ApiClient.login(server.url, 'fgj');
    const overHttp = await median(async () => {
      const res = await bgs.post('/api/imports', { text });
      if (res.status !== 200) throw new Error(`preview: ${res.status} ${JSON.stringify(res.body)}`);
    });
    const preview = await bgs.post<{ sections: PreviewSection[] }>('/api/imports', { text });

    const bureaus = await bgs.get<Array<{ id: string; name: string }>>('/api/bureaus');
    const fgjBureau = bureaus.body.find((b) => b.name === '发改局');
    if (!fgjBureau) throw new Error('no 发改局 in the demo workspace');
    const created = await bgs.post<{ id: string }>('/api/imports/report', {
      title: '基准：三十个章节的报告',
      period: '2020年上半年',
      kind: 'half_year',
      dueDate: '2030-12-31',
      sourceName: 'bench.txt',
      sections: firstSections(preview.body.sections, SECTIONS, fgjBureau.id),
    });
    if (created.status !== 201) throw new Error(`create: ${created.status} ${JSON.stringify(created.body)}`);
    const reportId = created.body.id;
    const report = await bgs.get<{ sections: Array<{ id: string; bureaus: Array<{ id: string }> }> }>(`/api/reports/${reportId}`);
    let written = 0;
    for (const section of report.body.sections) {
      if (section.bureaus.length === 0) continue;
      const submitted = await fgj.post(`/api/sections/${section.id}/submit`);
      if (submitted.status !== 200) throw new Error(`submit: ${submitted.status} ${JSON.stringify(submitted.body)}`);
      const approved = await bgs.post(`/api/sections/${section.id}/approve`);
      if (approved.status !== 200) throw new Error(`approve: ${approved.status} ${JSON.stringify(approved.body)}`);
      written++;
    }
    const merged = await bgs.post(`/api/reports/${reportId}/merge`);
    if (merged.status !== 200) throw new Error(`merge: ${merged.status} ${JSON.stringify(merged.body)}`);
    const locked = await bgs.post(`/api/reports/${reportId}/lock`);
    if (locked.status !== 200) throw new Error(`lock: ${locked.status} ${JSON.stringify(locked.body)}`);
    let docxBytes = 0;
    const exportMs = await median(async () => {
      const res = await fetch(`${server.url}/api/reports/${reportId}/versions/1/export.docx`, { headers: { cookie: bgs.cookie } });
      if (res.status !== 200) throw new Error(`export: ${res.status} ${await res.text()}`);
      docxBytes = (await res.arrayBuffer()).byteLength;
    });

    const results = {
      date: new Date().toISOString(),
      loadavg: loadavg()[0],
      preview: {
        chars: text.length,
        sections: preview.body.sections.length,
        inProcessMs: Math.round(inProcess * 10) / 10,
        httpMs: Math.round(overHttp * 10) / 10,
        httpOverInProcess: Math.round((overHttp / inProcess) * 100) / 100,
        goalMs: GOAL_PREVIEW_MS,
        met: overHttp <= GOAL_PREVIEW_MS,
      },
      docxExport: {
        sections: report.body.sections.length,
        writtenSections: written,
        bytes: docxBytes,
        httpMs: Math.round(exportMs * 10) / 10,
        goalMs: GOAL_EXPORT_MS,
        met: exportMs <= GOAL_EXPORT_MS,
      },
    };
    console.log(JSON.stringify(results, null, 2));
    const dir = fileURLToPath(new URL('./results/', import.meta.url));
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, `importExport-${Date.now()}.json`), JSON.stringify(results, null, 2));
  } finally {
    await server.dispose();
  }
}

await main();
