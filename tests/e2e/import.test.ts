/**
 * 导入报告 in real Chromium against the real server: the secretary pastes a seed as it circulates
 * (ads included), checks the outline beside the source, fixes it (降级/升级 with live numbers, a
 * refused move, 不属于报告 and its struck-through source lines), assigns a bureau, creates the report
 * and finds the sections with their text; then uploads a .docx built here (bold lead sentences, a
 * table) and finds the bold text and the table in the created report.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { AlignmentType, Document, Packer, Paragraph, Table, TableCell, TableRow, TextRun, WidthType } from 'docx';
import { ApiClient } from '../helpers/api.js';
import { ServerProcess } from '../helpers/serverProcess.js';
import { ARTIFACTS, launchBrowser, openReport, signIn, type UserPage } from './browser.js';

const SEED = readFileSync(fileURLToPath(new URL('../../seeds/district-half-year-summary-and-plan.txt', import.meta.url)), 'utf8');
const PARTY = '深入实施“党建领航”工程，为高质量发展提供坚强保证';
const EPIDEMIC = '构建上下贯通的组织体系，疫情防控工作取得阶段性成效';
const RURAL = '乡村振兴深入推进，城乡统筹发展初显成效';
const PROBLEMS = '存在问题和不足';
const PLAN = '下半年工作计划';
const LIVELIHOOD = '持续发力民生工程，推动幸福指数新提升';
const REFORM = '全面深化改革，进一步优化营商环境';
const PARTY_PLAN = '党的建设全面加强';
/** The section the secretary splits off and names. */
const STYLE = '持续加强作风建设';
/** The page of a created report (not the import page itself). */
const CREATED = /#\/reports\/((?!import$)[^/]+)$/;

interface ReportSectionRow {
  id: string;
  number: string;
  title: string;
  level: number;
  docName: string;
  bureaus: { id: string; name: string }[];
}

let server: ServerProcess;
let browser: Browser;
const pages: UserPage[] = [];

const rows = (page: Page) => page.locator('[data-testid=import-section]');
/** The outline row whose title input holds `title`. */
async function rowOf(page: Page, title: string) {
  const all = rows(page);
  const count = await all.count();
  for (let i = 0; i < count; i++) {
    if ((await all.nth(i).locator('[data-testid=import-section-title]').inputValue()) === title) return all.nth(i);
  }
  throw new Error(`no outline row titled ${title}`);
}
const titlesOf = (page: Page) => page.locator('[data-testid=import-section-title]').evaluateAll((els) => els.map((e) => (e as HTMLInputElement).value));
const numberOf = async (page: Page, title: string) => (await rowOf(page, title)).getAttribute('data-number');

/** Drops a file on the drop zone as a drag from the desktop would. */
async function dropFile(page: Page, name: string, mimeType: string, bytes: Buffer): Promise<void> {
  const transfer = await page.evaluateHandle(
    ({ name, mimeType, data }) => {
      const dt = new DataTransfer();
      dt.items.add(new File([Uint8Array.from(atob(data), (c) => c.charCodeAt(0))], name, { type: mimeType }));
      return dt;
    },
    { name, mimeType, data: bytes.toString('base64') },
  );
  await page.locator('[data-testid=import-drop]').dispatchEvent('dragover', { dataTransfer: transfer });
  await page.locator('[data-testid=import-drop]').dispatchEvent('drop', { dataTransfer: transfer });
}

beforeAll(async () => {
  server = await ServerProcess.start();
  browser = await launchBrowser();
});

afterAll(async () => {
  for (const p of pages) await p.context.close().catch(() => undefined);
  await browser?.close();
  await server?.dispose();
});

describe('导入报告 in Chromium', () => {
  it('pastes a seed, fixes the outline beside the source, and creates the report', async () => {
    const bgs = await signIn(browser, server.url, 'bgs');
    pages.push(bgs);
    const { page } = bgs;
    await page.locator('[data-testid=import-report]').click();
    await page.waitForSelector('[data-testid=import-text]');

    // Nothing typed is lost: the pasted text survives a reload.
    await page.locator('[data-testid=import-text]').fill(SEED);
    await page.reload();
    await page.waitForSelector('[data-testid=import-text]');
    expect(await page.locator('[data-testid=import-text]').inputValue()).toBe(SEED);
    await page.screenshot({ path: join(ARTIFACTS, 'import-paste.png') });

    await page.locator('[data-testid=import-parse]').click();
    await page.waitForSelector('[data-testid=import-outline]');
    expect(await page.locator('[data-testid=import-title]').inputValue()).toBe('区2020年上半年工作总结及下半年工作计划');
    expect(await page.locator('[data-testid=import-period]').inputValue()).toBe('2020年上半年');
    expect(await page.locator('[data-testid=import-due]').inputValue()).toBe('');
    expect(await numberOf(page, PARTY)).toBe('（一）');
    expect(await numberOf(page, EPIDEMIC)).toBe('（二）');
    expect(await numberOf(page, RURAL)).toBe('（三）');
    expect(await numberOf(page, PROBLEMS)).toBe('二、');
    expect(await numberOf(page, PLAN)).toBe('三、');

    // The ad lines of the header: listed as removed, struck through in the source with their reason.
    const removed = page.locator('[data-testid=import-removed-item]');
    expect(await removed.allInnerTexts()).toEqual(expect.arrayContaining([expect.stringContaining('酷乐文行'), expect.stringContaining('会员群')]));
    const adLine = page.locator('[data-testid=import-source-line][data-role=removed]', { hasText: '酷乐文行' });
    expect(await adLine.locator('del').innerText()).toBe('酷乐文行');
    expect(await adLine.locator('.import-line__reason').innerText()).toBe('广告');
    expect(await adLine.locator('del').evaluate((el) => getComputedStyle(el).textDecorationLine)).toContain('line-through');

    // Clicking a section highlights its source lines.
    await (await rowOf(page, EPIDEMIC)).locator('.import-row__number').click();
    const highlighted = page.locator('[data-testid=import-source-line].import-line--selected');
    await expect.poll(() => highlighted.count()).toBeGreaterThan(1);
    expect(await highlighted.first().innerText()).toContain(EPIDEMIC);
    await page.screenshot({ path: join(ARTIFACTS, 'import-review.png') });

    // 降级: （二） goes under （一） as 1.; （三） renumbers to （二）. 升级 brings it back.
    await (await rowOf(page, EPIDEMIC)).locator('[data-testid=import-demote]').click();
    await expect.poll(() => numberOf(page, EPIDEMIC)).toBe('1.');
    expect(await numberOf(page, RURAL)).toBe('（二）');
    await (await rowOf(page, EPIDEMIC)).locator('[data-testid=import-promote]').click();
    await expect.poll(() => numberOf(page, EPIDEMIC)).toBe('（二）');
    expect(await numberOf(page, RURAL)).toBe('（三）');

    // A first child cannot go down: the level would jump by two. Refused with a message, nothing changed.
    await (await rowOf(page, PARTY)).locator('[data-testid=import-demote]').click();
    const refusal = (await rowOf(page, PARTY)).locator('[data-testid=import-notice]');
    await expect.poll(() => refusal.innerText()).toContain('不能降级');
    expect(await numberOf(page, PARTY)).toBe('（一）');
    await page.screenshot({ path: join(ARTIFACTS, 'import-refused.png') });

    // Clicking a warning selects its section: the importer renumbered a duplicate （三）.
    await page.locator('[data-testid=import-warning][data-code=duplicate_number]').click();
    await expect.poll(async () => (await rowOf(page, '抓紧推进项目建设')).getAttribute('aria-current')).toBe('true');
    expect(await page.locator('[data-testid=import-source-line].import-line--selected').first().innerText()).toContain('抓紧推进项目建设');

    // 不属于报告: 二、存在问题和不足 leaves the outline (三、 becomes 二、), its line struck through as 不属于报告.
    await (await rowOf(page, PROBLEMS)).locator('[data-testid=import-remove]').click();
    await expect.poll(() => numberOf(page, PLAN)).toBe('二、');
    expect(await titlesOf(page)).not.toContain(PROBLEMS);
    const problemLine = page.locator('[data-testid=import-source-line][data-role=removed]', { hasText: PROBLEMS });
    expect(await problemLine.locator('.import-line__reason').innerText()).toBe('不属于报告');
    expect(await removed.last().innerText()).toContain(PROBLEMS);
    // 恢复 puts it back in its place; then it goes again.
    await removed.last().locator('[data-testid=import-restore]').click();
    await expect.poll(() => numberOf(page, PROBLEMS)).toBe('二、');
    expect(await numberOf(page, PLAN)).toBe('三、');
    expect(await page.locator('[data-testid=import-source-line]', { hasText: PROBLEMS }).first().getAttribute('data-role')).toBe('title');
    await (await rowOf(page, PROBLEMS)).locator('[data-testid=import-remove]').click();
    await expect.poll(() => numberOf(page, PLAN)).toBe('二、');

    // 与上一节合并: （八）'s title line becomes a paragraph of （七）, followed by its text.
    const livelihoodBlocks = Number(/正文 (\d+) 段/.exec(await (await rowOf(page, LIVELIHOOD)).locator('[data-testid=import-body-toggle]').innerText())![1]);
    await (await rowOf(page, REFORM)).locator('[data-testid=import-join]').click();
    await expect.poll(() => titlesOf(page)).not.toContain(REFORM);
    expect(await (await rowOf(page, LIVELIHOOD)).locator('[data-testid=import-body-toggle]').innerText()).toContain(`正文 ${livelihoodBlocks + 3} 段`);

    // 从此段拆分: （一）党的建设全面加强 is split at its second paragraph into a new （二） the secretary names.
    const partyPlan = await rowOf(page, PARTY_PLAN);
    await partyPlan.locator('[data-testid=import-body-toggle]').click();
    await partyPlan.locator('[data-testid=import-split-body]').first().click();
    await expect.poll(async () => (await titlesOf(page)).filter((t) => t === '').length).toBe(1);
    const untitled = rows(page).nth((await titlesOf(page)).indexOf('')).locator('[data-testid=import-section-title]');
    // The new section's title is where the caret goes.
    await expect.poll(() => untitled.evaluate((el) => el === document.activeElement)).toBe(true);
    await page.keyboard.type(STYLE);
    expect(await numberOf(page, STYLE)).toBe('（二）');
    expect(await numberOf(page, '加强城乡统筹发展')).toBe('（三）');

    // （二） comes with the proposed 卫健局; the secretary adds 民政局.
    const epidemicRow = await rowOf(page, EPIDEMIC);
    expect(await epidemicRow.locator('[data-testid=import-section-bureaus]').innerText()).toBe('卫健局');
    await epidemicRow.locator('[data-testid=import-bureaus-toggle]').click();
    await epidemicRow.locator('label.bureau-pill', { hasText: '民政局' }).click();
    expect(await epidemicRow.locator('[data-testid=import-section-bureaus]').innerText()).toBe('卫健局、民政局');

    // A reload keeps the review with every change.
    await page.reload();
    await page.waitForSelector('[data-testid=import-outline]');
    expect(await numberOf(page, PLAN)).toBe('二、');
    expect(await numberOf(page, STYLE)).toBe('（二）');
    expect(await titlesOf(page)).not.toContain(REFORM);
    expect(await (await rowOf(page, EPIDEMIC)).locator('[data-testid=import-section-bureaus]').innerText()).toBe('卫健局、民政局');

    // Creating without a due date is refused on the page.
    await page.locator('[data-testid=import-create]').click();
    expect(await page.locator('[data-testid=import-create-error]').innerText()).toContain('请填写截止日期');
    await page.locator('[data-testid=import-due]').fill('2031-07-10');
    const summary = page.locator('[data-testid=import-summary]');
    const sectionCount = Number(await summary.getAttribute('data-sections'));
    expect(await summary.innerText()).toContain(`共 ${sectionCount} 个章节`);
    expect(await summary.innerText()).toMatch(/\d+ 个已分配部门/);
    await page.screenshot({ path: join(ARTIFACTS, 'import-edited.png'), fullPage: true });

    await page.locator('[data-testid=import-create]').click();
    await page.waitForURL(CREATED, { timeout: 15_000 });
    const reportId = decodeURIComponent(CREATED.exec(page.url())![1]!);
    await openReport(page, reportId);
    await page.screenshot({ path: join(ARTIFACTS, 'import-created.png') });

    const api = await ApiClient.login(server.url, 'bgs');
    const report = await api.get<{ title: string; sections: ReportSectionRow[] }>(`/api/reports/${encodeURIComponent(reportId)}`);
    expect(report.status).toBe(200);
    expect(report.body.title).toBe('区2020年上半年工作总结及下半年工作计划');
    const titles = report.body.sections.map((s) => s.title);
    expect(titles).toEqual(expect.arrayContaining([PARTY, EPIDEMIC, RURAL, PLAN]));
    expect(titles).not.toContain(PROBLEMS);
    expect(report.body.sections.length).toBe(sectionCount);
    const epidemic = report.body.sections.find((s) => s.title === EPIDEMIC)!;
    expect(epidemic.number).toBe('（二）');
    expect(epidemic.bureaus.map((b) => b.name).sort()).toEqual(['卫健局', '民政局'].sort());
    expect(report.body.sections.find((s) => s.title === PLAN)!.number).toBe('二、');
    expect(titles).not.toContain(REFORM);
    const style = report.body.sections.find((s) => s.title === STYLE)!;
    expect(style.number).toBe('（二）');

    // The report page shows the sections with their imported text, and no ad.
    const card = page.locator(`[data-testid=section][data-section-id="${epidemic.id}"]`);
    expect(await card.locator('[data-testid=section-title]').innerText()).toContain(`（二）${EPIDEMIC}`);
    expect(await card.locator('.ProseMirror').innerText()).toContain('深入组织动员，构建防控体系。');
    expect(await page.locator('main').innerText()).not.toContain('酷乐文行');
    // The joined title is a paragraph of （七） now, followed by （八）'s text.
    const livelihood = report.body.sections.find((s) => s.title === LIVELIHOOD)!;
    const livelihoodText = await page.locator(`[data-testid=section][data-section-id="${livelihood.id}"] .ProseMirror`).innerText();
    expect(livelihoodText).toContain(`（八）${REFORM}`);
    expect(livelihoodText.indexOf(`（八）${REFORM}`)).toBeLessThan(livelihoodText.indexOf('积极稳妥推进机构改革'));
    // The split-off section holds the paragraphs from the split on; the first stays in （一）.
    const partyPlanRow = report.body.sections.find((s) => s.title === PARTY_PLAN)!;
    const partyPlanText = await page.locator(`[data-testid=section][data-section-id="${partyPlanRow.id}"] .ProseMirror`).innerText();
    const styleText = await page.locator(`[data-testid=section][data-section-id="${style.id}"] .ProseMirror`).innerText();
    expect(styleText.length).toBeGreaterThan(20);
    expect(partyPlanText).not.toContain(styleText.slice(0, 20));
    // The draft is gone once created: a new import starts empty.
    await page.goto('/#/reports/import');
    await page.waitForSelector('[data-testid=import-text]');
    expect(await page.locator('[data-testid=import-text]').inputValue()).toBe('');
  });

  it('uploads a .docx with bold lead sentences and a table; the report keeps both', async () => {
    const bgs = await signIn(browser, server.url, 'bgs');
    pages.push(bgs);
    const { page } = bgs;
    await page.goto('/#/reports/import');
    await page.waitForSelector('[data-testid=import-drop]');

    // Not a Word file although named .docx: the server's Chinese message, the page stays.
    await page.locator('[data-testid=import-file]').setInputFiles({ name: '假文件.docx', mimeType: 'application/octet-stream', buffer: Buffer.from('not a zip at all') });
    await page.locator('[data-testid=import-parse]').click();
    const error = page.locator('[data-testid=import-error]');
    await expect.poll(() => error.count()).toBe(1);
    expect(await error.innerText()).toMatch(/[\u4e00-\u9fff]/);
    expect(await page.locator('[data-testid=import-outline]').count()).toBe(0);

    const lead = (bold: string, rest: string) => new Paragraph({ children: [new TextRun({ text: bold, bold: true }), new TextRun(rest)] });
    const cell = (text: string) => new TableCell({ children: [new Paragraph(text)], width: { size: 3000, type: WidthType.DXA } });
    const doc = new Document({
      sections: [
        {
          children: [
            new Paragraph({ alignment: AlignmentType.CENTER, children: [new TextRun({ text: '示例区2031年上半年工作总结', bold: true })] }),
            new Paragraph('一、上半年工作完成情况'),
            new Paragraph('（一）疫情防控'),
            lead('深入组织动员，构建防控体系。', '全区设置检测点X个，累计检测X万人次。'),
            lead('严格治理管控，筑牢安全底线。', '建立重点人员台账X个。'),
            new Table({
              rows: [new TableRow({ children: [cell('指标'), cell('完成值')] }), new TableRow({ children: [cell('检测点'), cell('12个')] })],
            }),
            new Paragraph('（二）经济发展'),
            new Paragraph('地区生产总值X亿元，同比增长X%。'),
            new Paragraph('二、下半年工作计划'),
            new Paragraph('持续巩固防控成果，推动经济稳步回升。'),
          ],
        },
      ],
    });
    const buffer = Buffer.from(await Packer.toBuffer(doc));
    // An old .doc dropped on the page is refused at once, saying what to do.
    await dropFile(page, '旧格式.doc', 'application/msword', Buffer.from('x'));
    expect(await error.innerText()).toContain('另存为');
    // The Word file is dragged onto the page.
    await dropFile(page, '示例区上半年总结.docx', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', buffer);
    expect(await page.locator('[data-testid=import-file-chosen]').innerText()).toContain('示例区上半年总结.docx');
    await page.locator('[data-testid=import-parse]').click();
    await page.waitForSelector('[data-testid=import-outline]');
    expect(await page.locator('[data-testid=import-title]').inputValue()).toBe('示例区2031年上半年工作总结');
    expect(await numberOf(page, '疫情防控')).toBe('（一）');
    expect(await numberOf(page, '下半年工作计划')).toBe('二、');

    const epidemicRow = await rowOf(page, '疫情防控');
    await epidemicRow.locator('[data-testid=import-body-toggle]').click();
    expect(await epidemicRow.locator('[data-testid=import-bold]').allInnerTexts()).toEqual(['深入组织动员，构建防控体系。', '严格治理管控，筑牢安全底线。']);
    expect(await epidemicRow.locator('[data-testid=import-body-block]').allInnerTexts()).toEqual(
      expect.arrayContaining([expect.stringContaining('表格（2 行 × 2 列）')]),
    );
    await page.locator('[data-testid=import-due]').fill('2031-07-10');
    await page.screenshot({ path: join(ARTIFACTS, 'import-docx.png') });

    await page.locator('[data-testid=import-create]').click();
    await page.waitForURL(CREATED, { timeout: 15_000 });
    const reportId = decodeURIComponent(CREATED.exec(page.url())![1]!);
    await openReport(page, reportId);

    const api = await ApiClient.login(server.url, 'bgs');
    const report = await api.get<{ sections: ReportSectionRow[] }>(`/api/reports/${encodeURIComponent(reportId)}`);
    const epidemic = report.body.sections.find((s) => s.title === '疫情防控')!;
    const editor = page.locator(`[data-testid=section][data-section-id="${epidemic.id}"] .ProseMirror`);
    expect(await editor.locator('strong').allInnerTexts()).toEqual(['深入组织动员，构建防控体系。', '严格治理管控，筑牢安全底线。']);
    expect(await editor.innerText()).toContain('全区设置检测点X个');
    expect(await editor.locator('table td, table th').allInnerTexts()).toEqual(['指标', '完成值', '检测点', '12个']);
    await page.screenshot({ path: join(ARTIFACTS, 'import-docx-created.png') });
  });
});
