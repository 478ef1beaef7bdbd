/**
 * 导入报告 against the real built server: `POST /api/imports` previews pasted text, a .docx (bold lead
 * sentences, lists, a table kept) or a GB18030 .txt and writes nothing; every refusal has its code and
 * Chinese message; `POST /api/imports/report` creates the report from the (edited) preview — sections,
 * numbers, bureaus, text written by the importer (authorship API), the `report.import` event naming the file.
 */
import { readFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AlignmentType, Document, HeadingLevel, LevelFormat, Packer, Paragraph, Table, TableCell, TableRow, TextRun, WidthType } from 'docx';
import type { ImportBlock, ImportPreview } from '@hegao/import';
import { ApiClient, type ApiResponse, type SectionJson } from '../helpers/api.js';
import { expectError } from '../helpers/expectError.js';
import { ServerProcess } from '../helpers/serverProcess.js';

const SEED = readFileSync(fileURLToPath(new URL('../../seeds/district-half-year-summary-and-plan.txt', import.meta.url)), 'utf8');

type Preview = ImportPreview & { sourceSha256: string };
interface Bureau {
  id: string;
  name: string;
  isOffice: boolean;
}
interface ReportDetail {
  id: string;
  title: string;
  period: string;
  kind: string;
  dueDate: string;
  sections: (SectionJson & { numbered?: boolean; dueDate: string | null })[];
}
interface Span {
  start: number;
  end: number;
  user: { id: string; username: string; name: string };
}

let server: ServerProcess;
let bgs: ApiClient;
let wjj: ApiClient;
let bureaus: Bureau[];

beforeAll(async () => {
  server = await ServerProcess.start();
  bgs = await ApiClient.login(server.url, 'bgs');
  wjj = await ApiClient.login(server.url, 'wjj');
  bureaus = (await bgs.get<Bureau[]>('/api/bureaus')).body;
});

afterAll(async () => {
  await server?.dispose();
});

/** Uploads a file as multipart/form-data (field `file`), as the import page does. */
async function upload(client: ApiClient, name: string, bytes: Uint8Array | string): Promise<ApiResponse<Preview>> {
  const form = new FormData();
  form.append('file', new Blob([typeof bytes === 'string' ? bytes : Buffer.from(bytes)]), name);
  const res = await fetch(`${server.url}/api/imports`, { method: 'POST', body: form, headers: { cookie: client.cookie } });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : null) as Preview, headers: res.headers };
}

/**
 * Sends only the headers of a POST whose body would be `length` bytes, on a connection of its own, and
 * reads the answer: a body over the limit is refused by its Content-Length before any of it is read
 * (sending it would race the server closing the connection).
 */
function postHeadersOnly(client: ApiClient, path: string, type: string, length: number): Promise<{ status: number; body: unknown }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(`${server.url}${path}`, { method: 'POST', agent: false, headers: { cookie: client.cookie, 'content-type': type, 'content-length': length } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => {
        req.destroy();
        resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) as unknown });
      });
    });
    req.on('error', reject);
    req.flushHeaders();
  });
}

async function reportCount(): Promise<number> {
  return (await bgs.get<unknown[]>('/api/reports')).body.length;
}

const bureauId = (name: string) => bureaus.find((b) => b.name === name)!.id;

/** GBK (GB18030's two-byte part) bytes of text, found with the GB18030 decoder. */
function gb18030(text: string): Uint8Array {
  const decoder = new TextDecoder('gb18030');
  const table = new Map<string, number[]>();
  for (let hi = 0x81; hi <= 0xfe; hi++) {
    for (let lo = 0x40; lo <= 0xfe; lo++) {
      if (lo === 0x7f) continue;
      const ch = decoder.decode(new Uint8Array([hi, lo]));
      if (!table.has(ch)) table.set(ch, [hi, lo]);
    }
  }
  const out: number[] = [];
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    if (code < 0x80) out.push(code);
    else {
      const bytes = table.get(ch);
      if (!bytes) throw new Error(`not in GBK: ${ch}`);
      out.push(...bytes);
    }
  }
  return new Uint8Array(out);
}

/** A report as a Word user writes it: numbered headings, bold lead sentences, a bulleted and a numbered list, a table. */
async function reportDocx(): Promise<Uint8Array> {
  const lead = (bold: string, rest: string) => new Paragraph({ children: [new TextRun({ text: bold, bold: true }), new TextRun(rest)] });
  const cell = (text: string) => new TableCell({ children: [new Paragraph(text)], width: { size: 3000, type: WidthType.DXA } });
  const doc = new Document({
    numbering: {
      config: [{ reference: 'steps', levels: [{ level: 0, format: LevelFormat.DECIMAL, text: '%1）', alignment: AlignmentType.START }] }],
    },
    sections: [
      {
        children: [
          new Paragraph({ alignment: AlignmentType.CENTER, children: [new TextRun({ text: '示例区2031年上半年工作总结', bold: true })] }),
          new Paragraph('今年以来，全区上下坚持稳中求进工作总基调。'),
          new Paragraph({ heading: HeadingLevel.HEADING_1, text: '一、上半年工作完成情况' }),
          new Paragraph({ heading: HeadingLevel.HEADING_2, text: '（一）做好常态化疫情防控工作' }),
          lead('深入组织动员，构建防控体系。', '全区共排查重点人员X人。'),
          new Paragraph({ text: '严格落实“四早”要求', bullet: { level: 0 } }),
          new Paragraph({ text: '加强冷链食品管控', bullet: { level: 0 } }),
          new Paragraph({ heading: HeadingLevel.HEADING_2, text: '（二）抓紧推进项目建设' }),
          lead('狠抓项目落地。', '上半年新开工项目X个。'),
          new Table({
            rows: [
              new TableRow({ children: [cell('指标'), cell('完成值'), cell('增幅')] }),
              new TableRow({ children: [cell('固定资产投资'), cell('X亿元'), cell('X%')] }),
            ],
          }),
          new Paragraph({ text: '完成项目审批', numbering: { reference: 'steps', level: 0 } }),
          new Paragraph({ text: '开展督查考核', numbering: { reference: 'steps', level: 0 } }),
          new Paragraph({ heading: HeadingLevel.HEADING_1, text: '二、存在问题和不足' }),
          new Paragraph('发展不平衡不充分的问题仍然突出。'),
        ],
      },
    ],
  });
  return new Uint8Array(await Packer.toBuffer(doc));
}

/** All blocks of a preview, in order. */
const allBlocks = (preview: Preview): ImportBlock[] => preview.sections.flatMap((s) => s.blocks);

describe('POST /api/imports (preview)', () => {
  it('previews pasted seed text with proposed bureaus and writes nothing', async () => {
    const before = await reportCount();
    const res = await bgs.post<Preview>('/api/imports', { text: SEED });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const preview = res.body;
    expect(preview.title).toContain('2020年上半年工作总结');
    expect(preview.sourceName).toBeNull();
    expect(preview.sourceSha256).toMatch(/^[0-9a-f]{64}$/);
    expect(preview.sections.length).toBeGreaterThan(10);
    const epidemic = preview.sections.find((s) => s.title.includes('疫情防控') && s.level > 1)!;
    expect(epidemic.bureauIds).toEqual([bureauId('卫健局')]);
    const party = preview.sections.find((s) => s.title.includes('党建领航'))!;
    expect(party.bureauIds).toEqual([bureauId('组织部')]);
    // Headings with children are never proposed a bureau.
    preview.sections.forEach((s, i) => {
      if ((preview.sections[i + 1]?.level ?? 0) > s.level) expect(s.bureauIds, s.title).toEqual([]);
    });
    expect(await reportCount()).toBe(before);
  });

  it('previews an uploaded .docx keeping bold lead sentences, lists and tables', async () => {
    const res = await upload(bgs, '上半年总结.docx', await reportDocx());
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const preview = res.body;
    expect(preview.sourceName).toBe('上半年总结.docx');
    expect(preview.title).toBe('示例区2031年上半年工作总结');
    expect(preview.sections.map((s) => [s.number, s.title])).toEqual(
      expect.arrayContaining([
        ['一、', '上半年工作完成情况'],
        ['（一）', '做好常态化疫情防控工作'],
        ['（二）', '抓紧推进项目建设'],
        ['二、', '存在问题和不足'],
      ]),
    );
    const blocks = allBlocks(preview);
    expect(blocks).toContainEqual({ type: 'paragraph', runs: [{ text: '深入组织动员，构建防控体系。', bold: true }, { text: '全区共排查重点人员X人。' }] });
    expect(blocks).toContainEqual({ type: 'bullet_list', items: ['严格落实“四早”要求', '加强冷链食品管控'] });
    expect(blocks).toContainEqual({ type: 'ordered_list', items: ['完成项目审批', '开展督查考核'] });
    expect(blocks).toContainEqual({
      type: 'table',
      rows: [
        ['指标', '完成值', '增幅'],
        ['固定资产投资', 'X亿元', 'X%'],
      ],
    });
    const epidemic = preview.sections.find((s) => s.title === '做好常态化疫情防控工作')!;
    expect(epidemic.bureauIds).toEqual([bureauId('卫健局')]);
    expect(epidemic.text).toContain('深入组织动员，构建防控体系。全区共排查重点人员X人。');
  });

  it('finds the same outline in every seed whether pasted or uploaded as a .docx', async () => {
    for (const seed of ['district-half-year-summary-and-plan', 'city-half-year-summary', 'district-2020-work-priorities', 'district-committee-plenum-speech', 'district-government-half-year-summary']) {
      const text = readFileSync(fileURLToPath(new URL(`../../seeds/${seed}.txt`, import.meta.url)), 'utf8');
      const paragraphs = text.split(/\r?\n/).map((line) => new Paragraph(line));
      const docx = new Uint8Array(await Packer.toBuffer(new Document({ sections: [{ children: paragraphs }] })));
      const [pasted, uploaded] = [(await bgs.post<Preview>('/api/imports', { text })).body, (await upload(bgs, `${seed}.docx`, docx)).body];
      // Text compared without spaces: the parser drops blanks between Chinese characters in pasted lines (指数为 ，) but keeps them in a .docx's runs.
      const outline = (p: Preview) => p.sections.map((s) => ({ number: s.number, title: s.title, level: s.level, text: s.text.replace(/[\s\u00a0\u3000]/g, ''), bureauIds: s.bureauIds }));
      expect(uploaded.title, seed).toBe(pasted.title);
      expect(outline(uploaded), seed).toEqual(outline(pasted));
      expect(pasted.sections.length, seed).toBeGreaterThan(3);
    }
  });

  it('reads a .txt saved in GB18030, and one in UTF-8 with a BOM', async () => {
    const text = ['示例区2031年工作要点', '一、加强党的建设', '全面加强基层组织建设。', '二、推动经济发展', '抓好招商引资。'].join('\r\n');
    const gbk = await upload(bgs, '工作要点.txt', gb18030(text));
    expect(gbk.status, JSON.stringify(gbk.body)).toBe(200);
    expect(gbk.body.title).toBe('示例区2031年工作要点');
    expect(gbk.body.sections.map((s) => s.title)).toEqual(expect.arrayContaining(['加强党的建设', '推动经济发展']));
    expect(gbk.body.sections.find((s) => s.title === '推动经济发展')!.bureauIds).toEqual([bureauId('发改局')]);
    const utf8 = await upload(bgs, '工作要点.TXT', new Uint8Array([0xef, 0xbb, 0xbf, ...Buffer.from(text)]));
    expect(utf8.status).toBe(200);
    expect(utf8.body.title).toBe('示例区2031年工作要点');
    expect(utf8.body.sections.map((s) => s.title)).toEqual(gbk.body.sections.map((s) => s.title));
  });

  it('refuses with a code and a Chinese message, writing nothing', async () => {
    const before = await reportCount();
    expectError(await upload(bgs, '随机.docx', new Uint8Array(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256))), 400, 'not_docx');
    const ole = new Uint8Array(8192);
    ole.set([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
    ole.set(Buffer.from('EncryptedPackage', 'utf16le'), 2048);
    expectError(await upload(bgs, '加密.docx', ole), 400, 'encrypted_docx', '文件已加密，请在 Word 中取消密码后再导入');
    expectError(await upload(bgs, '空白.txt', ' \r\n\u3000\r\n'), 400, 'empty_import');
    expectError(await upload(bgs, '空白.docx', new Uint8Array(await Packer.toBuffer(new Document({ sections: [{ children: [new Paragraph('')] }] })))), 400, 'empty_import');
    expectError(await upload(bgs, '报告.pdf', '%PDF-1.4'), 400, 'invalid_import', '仅支持 .docx 和 .txt 文件');
    expectError(await bgs.post('/api/imports', { text: 42 }), 400, 'invalid_import');
    expectError(await bgs.post('/api/imports', { text: '' }), 400, 'empty_import');
    expectError(await bgs.post('/api/imports', { text: '字'.repeat(200_001) }), 413, 'import_too_large');
    // A file over 10 MB: refused as too large, whether the body limit or the file check catches it.
    // A file over 10 MB: read, then refused; a body over the import paths' limit: refused by its length, unread.
    expectError(await upload(bgs, '超大.txt', new Uint8Array(10 * 1024 * 1024 + 1).fill(0x41)), 413, 'import_too_large', '内容过大：文件不能超过10 MB');
    expectError(await postHeadersOnly(bgs, '/api/imports', 'multipart/form-data; boundary=x', 12 * 1024 * 1024), 413, 'import_too_large');
    expectError(await postHeadersOnly(bgs, '/api/imports/report', 'application/json', 12 * 1024 * 1024), 413, 'import_too_large');
    // A bureau's editor may not import, whatever the body.
    expectError(await wjj.post('/api/imports', { text: SEED }), 403, 'forbidden');
    expectError(await upload(wjj, '上半年总结.docx', await reportDocx()), 403, 'forbidden');
    expectError(await new ApiClient(server.url).post('/api/imports', { text: SEED }), 401, 'unauthenticated');
    expect(await reportCount()).toBe(before);
  });

  it('keeps the usual body limit on every other path', async () => {
    expectError(await postHeadersOnly(bgs, '/api/reports', 'application/json', 300 * 1024), 413, 'body_too_large');
    expectError(await postHeadersOnly(bgs, '/api/imports/other', 'application/json', 300 * 1024), 413, 'body_too_large');
  });
});

describe('POST /api/imports/report (create)', () => {
  it('creates the report from the edited preview: sections, text by the importer, bureaus, event', async () => {
    const preview = (await upload(bgs, '上半年总结.docx', await reportDocx())).body;
    const before = await reportCount();
    // The secretary edits: the problems section goes to the 办公室.
    const office = bureaus.find((b) => b.isOffice)!;
    const sections = preview.sections.map((s, i) => {
      const leaf = (preview.sections[i + 1]?.level ?? 0) <= s.level;
      return {
        title: s.title,
        level: s.level,
        numbered: s.number !== '',
        blocks: s.blocks,
        bureauIds: !leaf ? [] : s.title === '存在问题和不足' ? [office.id] : s.bureauIds,
      };
    });
    const body = { title: preview.title, period: '2031年上半年', kind: preview.kind, dueDate: '2031-07-10', sourceName: preview.sourceName, sourceSha256: preview.sourceSha256, sections };
    const res = await bgs.post<ReportDetail>('/api/imports/report', body);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.id).toBeTypeOf('string');
    expect(await reportCount()).toBe(before + 1);

    const report = (await bgs.get<ReportDetail>(`/api/reports/${res.body.id}`)).body;
    expect(report).toMatchObject({ title: '示例区2031年上半年工作总结', period: '2031年上半年', dueDate: '2031-07-10' });
    const byTitle = new Map(report.sections.map((s) => [s.title, s]));
    expect(byTitle.get('上半年工作完成情况')).toMatchObject({ number: '一、', level: 1, status: 'not_started', bureaus: [] });
    expect(byTitle.get('做好常态化疫情防控工作')).toMatchObject({ number: '（一）', level: 2, status: 'drafting', bureaus: [{ name: '卫健局' }] });
    expect(byTitle.get('抓紧推进项目建设')).toMatchObject({ number: '（二）', status: 'drafting', bureaus: [{ name: '发改局' }] });
    expect(byTitle.get('存在问题和不足')).toMatchObject({ number: '二、', status: 'drafting', bureaus: [{ name: '办公室' }] });

    // The text is the importer's: every character of it, by the authorship API.
    const epidemic = byTitle.get('做好常态化疫情防控工作')!;
    const authorship = await bgs.get<{ text: string; spans: Span[] }>(`/api/sections/${epidemic.id}/authorship`);
    expect(authorship.status).toBe(200);
    expect(authorship.body.text).toContain('深入组织动员，构建防控体系。全区共排查重点人员X人。');
    expect(authorship.body.text).toContain('严格落实“四早”要求');
    expect(authorship.body.spans.length).toBeGreaterThan(0);
    expect(new Set(authorship.body.spans.map((s) => s.user.username))).toEqual(new Set(['bgs']));
    const projects = byTitle.get('抓紧推进项目建设')!;
    const projectText = (await bgs.get<{ text: string }>(`/api/sections/${projects.id}/authorship`)).body.text;
    expect(projectText).toContain('固定资产投资');
    expect(projectText).toContain('完成项目审批');

    // The bureau is told, and the import is on the record with its file.
    const notices = (await wjj.get<{ items: { type: string; reportId: string | null }[] }>('/api/notifications')).body.items;
    expect(notices.some((n) => n.type === 'assigned' && n.reportId === report.id)).toBe(true);
    const history = (await bgs.get<{ type: string; detail: Record<string, unknown> }[]>(`/api/reports/${report.id}/history`)).body;
    const imported = history.find((e) => e.type === 'report.import');
    expect(imported?.detail).toMatchObject({ sourceName: '上半年总结.docx', sourceSha256: preview.sourceSha256, sections: report.sections.length });
    expect(imported?.detail['chars']).toBeGreaterThan(50);
    expect(history.filter((e) => e.type === 'section.assign')).toHaveLength(report.sections.filter((s) => s.bureaus.length > 0).length);
  });

  it('creates a report from pasted text, a heading’s own text becoming an 引言 by the office', async () => {
    const preview = (await bgs.post<Preview>('/api/imports', { text: SEED })).body;
    const sections = preview.sections.map((s, i) => ({
      title: s.title,
      level: s.level,
      numbered: s.number !== '',
      blocks: s.blocks,
      bureauIds: (preview.sections[i + 1]?.level ?? 0) > s.level ? [] : s.bureauIds,
    }));
    const res = await bgs.post<ReportDetail>('/api/imports/report', { title: preview.title, period: '2020年上半年', kind: preview.kind, dueDate: '2031-07-10', sourceName: null, sections });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const withText = preview.sections.filter((s, i) => (preview.sections[i + 1]?.level ?? 0) > s.level && s.text.trim() !== '');
    const leads = res.body.sections.filter((s) => s.title === '引言');
    expect(leads).toHaveLength(withText.length);
    for (const lead of leads) expect(lead).toMatchObject({ number: '', status: 'drafting', bureaus: [{ name: '办公室' }] });
    expect(res.body.sections).toHaveLength(preview.sections.length + withText.length);
  });

  it('refuses an invalid outline with a Chinese message naming the problem, writing nothing', async () => {
    const before = await reportCount();
    const base = { title: '示例区报告', period: '2031年', kind: 'custom', dueDate: '2031-07-10', sourceName: null };
    const s = (title: string, level: number, bureauIds: string[] = []) => ({ title, level, numbered: true, blocks: [], bureauIds });
    expectError(await bgs.post('/api/imports/report', { ...base, sections: [s('甲', 1), s('乙', 3)] }), 400, 'invalid_import', '第2节“乙”的层级从第1层跳到了第3层：每次只能加深一层');
    expectError(await bgs.post('/api/imports/report', { ...base, sections: [s('甲', 2)] }), 400, 'invalid_import', '第一个章节应为第1层（现为第2层）');
    expectError(await bgs.post('/api/imports/report', { ...base, sections: [s('甲', 1), s(' ', 1)] }), 400, 'invalid_import', '第2节的标题不能为空');
    expectError(await bgs.post('/api/imports/report', { ...base, sections: [s('字'.repeat(101), 1)] }), 400, 'invalid_import', /不能超过100个字/);
    expectError(await bgs.post('/api/imports/report', { ...base, sections: Array.from({ length: 501 }, () => s('节', 1)) }), 400, 'invalid_import', '章节不能超过500个（现有501个）');
    expectError(await bgs.post('/api/imports/report', { ...base, sections: [s('甲', 1, ['no-such-bureau'])] }), 400, 'invalid_import', '第1节“甲”的承办部门不存在，请重新选择');
    expectError(await bgs.post('/api/imports/report', { ...base, dueDate: '2031-02-30', sections: [s('甲', 1)] }), 400, 'invalid_import', /截止日期/);
    expectError(await bgs.post('/api/imports/report', { ...base, sections: [{ ...s('甲', 1), blocks: [{ type: 'script', text: 'x' }] }] }), 400, 'invalid_import', /正文第1段的类型不正确/);
    expectError(await bgs.post('/api/imports/report', '{not json'), 400, 'invalid_import');
    expectError(await wjj.post('/api/imports/report', { ...base, sections: [s('甲', 1)] }), 403, 'forbidden');
    expect(await reportCount()).toBe(before);
  });
});
