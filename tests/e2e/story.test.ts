/**
 * The 办公室's whole story in real Chromium against the real server: a report from the half-year
 * template, trimmed to the unnumbered 导语, one heading with three sub-sections and a second
 * heading; one section moved from its default bureau to another through the assignment form, with
 * a due date and a 写作要求 (the old bureau's open editor turns read-only at once, the new bureau is
 * told), one whose template bureau is not in the workspace given to one that is; two bureaus write
 * and submit in the browser (confirming the warnings about unfilled data and length), one is
 * returned with a reason, fixed and resubmitted, the other sections are written through the
 * collaboration server, and all are approved; a leader's 批示 @mentions a bureau editor, who is told;
 * the merge puts every section in outline order with its number (the 导语 without one), a
 * transition sentence in the final draft, 定稿 as version 1 — and then nobody can change version 1.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import * as Y from 'yjs';
import { ApiClient, type NotificationJson } from '../helpers/api.js';
import { CollabClient, waitFor } from '../helpers/collabClient.js';
import { ServerProcess } from '../helpers/serverProcess.js';
import { storedXml } from '../helpers/store.js';
import { ARTIFACTS, forceWrite, launchBrowser, openReport, placeCaret, section, signIn, type UserPage } from './browser.js';

interface SectionRow {
  id: string;
  parentId: string | null;
  title: string;
  status: string;
  docName: string;
  bureaus: { id: string; name: string }[];
  dueDate: string | null;
  instruction: string;
}

/** The longer steps (many sections, several browsers) on a loaded two-core machine: beyond the default 60 s. */
const STEP_TIMEOUT = 120_000;

let server: ServerProcess;
let browser: Browser;
/** Signed-in browsers by username. */
const pages = new Map<string, UserPage>();
let reportId = '';
let wjjSection: SectionRow;
/** The 农业农村局's 乡村振兴 section by default; the secretary gives it to the 发改局. */
let fgjSection: SectionRow;
/** The unnumbered 导语, the 发改局's. */
let preamble: SectionRow;
/** The reform section: its template bureau (改革办) is not in the workspace; the secretary gives it to the 住建局. */
let ecoSection: SectionRow;
/** 存在问题和不足, the office's own. */
let problems: SectionRow;
/** Their heading, 上半年工作完成情况. */
let parent: SectionRow;

/** Headings of the half-year template (the seed's own wording). */
const EPIDEMIC = '构建上下贯通的组织体系，疫情防控工作取得阶段性成效';
const RURAL = '乡村振兴深入推进，城乡统筹发展初显成效';
const REFORM = '全面深化改革，进一步优化营商环境';

/** What each kept section says once written: typed in the browser, or written through the collaboration server. */
const TEXT = {
  wjj: '上半年全区累计接种疫苗12万剂次，核酸检测能力提升到每日3万份。',
  fgj: '上半年农业增加值同比增长5.2%（截至6月底）。',
  preamble: '上半年全区地区生产总值同比增长5.1%，经济运行稳中向好。',
  eco: '工程建设项目审批时限压缩至80个工作日，审批事项全部网上办理。',
  problems: '经济恢复基础尚不牢固，部分重点项目推进较慢。',
} as const;

async function user(username: string): Promise<UserPage> {
  const u = await signIn(browser, server.url, username);
  pages.set(username, u);
  return u;
}

/** The browser a user signed in with earlier in the story. */
function signedIn(username: string): UserPage {
  const u = pages.get(username);
  if (!u) throw new Error(`${username} has not signed in yet`);
  return u;
}

/**
 * Writes a section's text as its bureau's editor would, through the collaboration server (the
 * first, still empty paragraph if the document has one), and waits until it is stored.
 */
async function writeThroughServer(username: string, docName: string, text: string): Promise<void> {
  const client = await CollabClient.open(await ApiClient.login(server.url, username), server.wsUrl, docName);
  try {
    await waitFor(() => client.mode === 'write', `${username} may write ${docName}`);
    const first = client.fragment.get(0);
    if (client.fragment.length === 1 && first instanceof Y.XmlElement && first.nodeName === 'paragraph' && first.toString() === '<paragraph></paragraph>') {
      first.insert(0, [new Y.XmlText(text)]);
    } else {
      client.appendParagraph(text);
    }
    await waitFor(() => storedXml(server.dbFile, docName).includes(text), `${username}'s text stored`);
  } finally {
    client.destroy();
  }
}

async function detail(api: ApiClient): Promise<{ status: string; finalDocName: string | null; sections: SectionRow[] }> {
  const res = await api.get<{ status: string; finalDocName: string | null; sections: SectionRow[] }>(`/api/reports/${reportId}`);
  expect(res.status).toBe(200);
  return res.body;
}

/** Types at the end of a section's editor once the server has made it writable. */
async function typeInto(page: Page, sectionId: string, text: string): Promise<void> {
  await expect.poll(() => section(page, sectionId).getAttribute('data-mode'), { timeout: 15_000 }).toBe('write');
  await placeCaret(page, section(page, sectionId).locator('.ProseMirror'), 'end');
  await page.keyboard.type(text);
}

/**
 * Clicks 提交. With `warnings`, the page must ask first — its question must say each of them —
 * and the submit is confirmed (仍然提交); without, the section must be submitted without a question.
 */
async function submit(page: Page, sectionId: string, warnings: readonly RegExp[] = []): Promise<void> {
  await section(page, sectionId).locator('[data-testid=section-submit]').click();
  const dialog = page.locator('[data-testid=confirm-dialog]');
  if (warnings.length > 0) {
    await dialog.waitFor({ state: 'visible', timeout: 10_000 });
    const question = await dialog.innerText();
    for (const warning of warnings) expect(question).toMatch(warning);
    expect(question).toContain('确定提交吗？');
    // Nothing is submitted until the editor confirms.
    expect(await section(page, sectionId).getAttribute('data-status')).not.toBe('submitted');
    await dialog.locator('[data-testid=confirm-ok]').click();
  }
  // Unconfirmed, a question would keep the section from being submitted.
  await expect.poll(() => section(page, sectionId).getAttribute('data-status'), { timeout: 15_000 }).toBe('submitted');
  expect(await dialog.count()).toBe(0);
}

/** 通过 on the office's report page: asks first, as 提交 does, when the text has `warnings`. */
async function approve(page: Page, sectionId: string, warnings: readonly RegExp[] = []): Promise<void> {
  await section(page, sectionId).locator('[data-testid=section-approve]').click();
  const dialog = page.locator('[data-testid=confirm-dialog]');
  if (warnings.length > 0) {
    await dialog.waitFor({ state: 'visible', timeout: 10_000 });
    const question = await dialog.innerText();
    for (const warning of warnings) expect(question).toMatch(warning);
    expect(question).toContain('确定通过吗？');
    expect(await section(page, sectionId).getAttribute('data-status')).toBe('submitted');
    await dialog.locator('[data-testid=confirm-ok]').click();
  }
  await expect.poll(() => section(page, sectionId).getAttribute('data-status'), { timeout: 15_000 }).toBe('approved');
  expect(await dialog.count()).toBe(0);
}

beforeAll(async () => {
  server = await ServerProcess.start();
  browser = await launchBrowser();
});

afterAll(async () => {
  for (const p of pages.values()) await p.context.close().catch(() => undefined);
  await browser?.close();
  await server?.dispose();
});

describe('the office’s workflow, end to end in Chromium', () => {
  it('the secretary creates a report from the half-year template, trims its outline and gives sections to bureaus', async () => {
    const bgs = await user('bgs');
    await bgs.page.locator('[data-testid=new-report]').click();
    const option = bgs.page.locator('[data-testid=template-option][data-template-id=half_year]');
    // Each template says which real report it follows; the half-year kind offers three shapes.
    expect(await option.locator('[data-testid=template-source]').innerText()).toBe('按某区2020年上半年工作总结及下半年工作计划的结构');
    expect(await bgs.page.locator('[data-testid=template-option][data-kind=half_year]').count()).toBe(3);
    await option.click();
    await bgs.page.fill('input[name=title]', '示例区2021年上半年工作总结及下半年工作计划');
    await bgs.page.fill('input[name=period]', '2021年上半年');
    await bgs.page.fill('input[name=dueDate]', '2031-07-10');
    await bgs.page.click('button:has-text("创建报告")');
    await bgs.page.waitForURL(/#\/reports\/[^/]+\/outline$/);
    reportId = /#\/reports\/([^/]+)\/outline$/.exec(bgs.page.url())![1]!;

    // This year's report needs only part of the template: the secretary trims the outline on the
    // outline page (a heading goes with its sub-sections, after a question), keeping the 导语, the
    // 卫健局's 疫情防控 section, the 乡村振兴 one (which this year the 发改局 writes instead of the 农业农村局),
    // the reform one and the office's 存在问题和不足.
    const api = await ApiClient.login(server.url, 'bgs');
    const report = await detail(api);
    const parents = new Set(report.sections.map((s) => s.parentId));
    const leaves = report.sections.filter((s) => !parents.has(s.id));
    wjjSection = leaves.find((s) => s.bureaus.some((b) => b.name === '卫健局'))!;
    parent = report.sections.find((s) => s.id === wjjSection.parentId)!;
    fgjSection = leaves.find((s) => s.parentId === parent.id && s.title === RURAL)!;
    ecoSection = leaves.find((s) => s.parentId === parent.id && s.title === REFORM)!;
    preamble = report.sections.find((s) => s.parentId === null && s.title.startsWith('导语'))!;
    problems = report.sections.find((s) => s.parentId === null && s.title === '存在问题和不足')!;
    expect(fgjSection).toMatchObject({ status: 'drafting', bureaus: [{ name: '农业农村局' }], dueDate: '2031-07-07' });
    expect(preamble).toMatchObject({ status: 'drafting', bureaus: [{ name: '发改局' }] });
    expect(problems).toMatchObject({ status: 'drafting', bureaus: [{ name: '办公室' }] });
    // Its template bureau (改革办) is not in this workspace: nobody has it yet.
    expect(ecoSection).toMatchObject({ status: 'not_started', bureaus: [] });
    expect(report.sections.indexOf(preamble)).toBe(0);
    const keep = new Set([preamble.id, parent.id, wjjSection.id, fgjSection.id, ecoSection.id, problems.id]);
    const doomed = report.sections.filter((s) => !keep.has(s.id) && (s.parentId === null || s.parentId === wjjSection.parentId));
    expect(doomed.length).toBeGreaterThan(5);
    for (const s of doomed) {
      const doomedRow = bgs.page.locator(`[data-testid=outline-row][data-section-id="${s.id}"]`);
      await doomedRow.locator('[data-testid=outline-delete]').click();
      // A heading asks first (it goes with its sub-sections); the question may come a moment after
      // the click, so answer it whenever it shows until the row is gone (isVisible does not wait).
      const confirm = bgs.page.locator('[data-testid=confirm-ok]');
      await expect
        .poll(
          async () => {
            if (await confirm.isVisible()) await confirm.click();
            return doomedRow.count();
          },
          { timeout: 10_000 },
        )
        .toBe(0);
    }
    expect((await detail(api)).sections.map((s) => s.id).sort()).toEqual([...keep].sort());

    // The 农业农村局 has the section open and may write it, until the secretary moves it.
    const nyj = await user('nyj');
    await openReport(nyj.page, reportId);
    await expect.poll(() => section(nyj.page, fgjSection.id).getAttribute('data-mode'), { timeout: 15_000 }).toBe('write');

    await bgs.page.reload();
    const row = bgs.page.locator(`[data-testid=outline-row][data-section-id="${fgjSection.id}"]`);
    await row.waitFor();
    const bureaus = (await api.get<{ id: string; name: string }[]>('/api/bureaus')).body;
    const fgjBureau = bureaus.find((b) => b.name === '发改局')!;
    const nyjBureau = bureaus.find((b) => b.name === '农业农村局')!;
    const nyjBox = row.locator(`[data-testid=outline-assign] input[data-bureau-id="${nyjBureau.id}"]`);
    const fgjBox = row.locator(`[data-testid=outline-assign] input[data-bureau-id="${fgjBureau.id}"]`);
    expect([await nyjBox.isChecked(), await fgjBox.isChecked()]).toEqual([true, false]);
    await nyjBox.click();
    await fgjBox.click();
    // A tight limit: the 发改局's corrected text will run over it.
    await row.locator('[data-testid=outline-instruction]').fill('不超过20字，数据截至6月底');
    await row.locator('[data-testid=outline-due]').fill('2031-07-05');
    await row.locator('[data-testid=outline-save]').click();
    await expect
      .poll(async () => (await detail(api)).sections.find((s) => s.id === fgjSection.id)?.bureaus.map((b) => b.name), { timeout: 10_000 })
      .toEqual(['发改局']);
    expect((await detail(api)).sections.find((s) => s.id === fgjSection.id)).toMatchObject({ status: 'drafting', dueDate: '2031-07-05', instruction: '不超过20字，数据截至6月底' });
    const rows = await bgs.page.locator('[data-testid=outline-row]').evaluateAll((els) => els.map((e) => [e.getAttribute('data-section-id'), e.getAttribute('data-number')]));
    expect(rows).toEqual([
      [preamble.id, ''],
      [parent.id, '一、'],
      [wjjSection.id, '（一）'],
      [fgjSection.id, '（二）'],
      [ecoSection.id, '（三）'],
      [problems.id, '二、'],
    ]);

    // The reform section goes to the 住建局, for its 工程建设项目审批 reform (through the API: the form was shown above).
    const zjjBureau = bureaus.find((b) => b.name === '住建局')!;
    const assignedEco = await api.put(`/api/sections/${ecoSection.id}/assignment`, { bureauIds: [zjjBureau.id], dueDate: '2031-07-06', instruction: '写明工程建设项目审批制度改革进展，不超过300字' });
    expect(assignedEco.status, JSON.stringify(assignedEco.body)).toBe(200);
    expect((await detail(api)).sections.find((s) => s.id === ecoSection.id)).toMatchObject({ status: 'drafting', bureaus: [{ name: '住建局' }], dueDate: '2031-07-06' });

    // The 农业农村局's open editor turns read-only without a reload and shows the new bureau; the server refuses its submit.
    await expect.poll(() => section(nyj.page, fgjSection.id).getAttribute('data-mode'), { timeout: 10_000 }).toBe('read');
    await expect.poll(() => section(nyj.page, fgjSection.id).locator('.section-card__meta').innerText(), { timeout: 10_000 }).toContain('发改局');
    expect(await section(nyj.page, fgjSection.id).locator('.section-card__meta').innerText()).not.toContain('农业农村局');
    const refused = await (await ApiClient.login(server.url, 'nyj')).post<{ error: string; message: string }>(`/api/sections/${fgjSection.id}/submit`);
    expect(refused.status).toBe(403);
    expect(refused.body.message).toBe('本章节未分配给您所在的部门');

    // The 发改局 is told, with the new due date.
    const notices = await (await ApiClient.login(server.url, 'fgj')).get<{ items: { type: string; sectionId: string | null; message: string }[] }>('/api/notifications');
    expect(notices.body.items.filter((n) => n.type === 'assigned' && n.sectionId === fgjSection.id).map((n) => n.message)).toEqual([
      `办公室将《示例区2021年上半年工作总结及下半年工作计划》“（二）${RURAL}”分配给发改局，请于2031年7月5日前完成`,
    ]);

    // The history says who had it before and what changed.
    await bgs.page.goto(`/#/reports/${reportId}/history`);
    const assigned = bgs.page.locator(`[data-testid=history-entry][data-type="section.assign"][data-section-id="${fgjSection.id}"]`);
    await expect.poll(() => assigned.count(), { timeout: 10_000 }).toBe(2);
    expect(await assigned.first().locator('[data-testid=history-sentence]').innerText()).toMatch(
      /^将「（二）乡村振兴深入推进，城乡统筹发展初显成效」从 农业农村局 改派给 发改局：截止日期 7月7日 → 7月5日；写作要求 “写明城乡融合[^”]*…” → “不超过20字，数据截至6月底”$/,
    );
  }, STEP_TIMEOUT);

  it('two bureaus write and submit; the office returns one with a reason, it is fixed and resubmitted, and all are approved', async () => {
    const wjj = await user('wjj');
    const fgj = await user('fgj');
    const bgs = signedIn('bgs');
    await openReport(wjj.page, reportId);
    await openReport(fgj.page, reportId);
    await typeInto(wjj.page, wjjSection.id, TEXT.wjj);
    await typeInto(fgj.page, fgjSection.id, '上半年农业增加值同比增长X%。');
    await waitFor(() => storedXml(server.dbFile, fgjSection.docName).includes('同比增长X%'), 'fgj text stored');
    // Complete and within its limit: submitted without a question.
    await submit(wjj.page, wjjSection.id);
    // An unfilled figure: the page asks first, naming it.
    await submit(fgj.page, fgjSection.id, [/本节还有 1 处数据未填写（[^）]*X%[^）]*）/]);

    await openReport(bgs.page, reportId);
    await section(bgs.page, fgjSection.id).locator('[data-testid=section-return]').click();
    await bgs.page.locator('[data-testid=return-reason]').fill('请补充6月底的增长数据');
    await bgs.page.locator('[data-testid=return-confirm]').click();
    await approve(bgs.page, wjjSection.id);

    // The bureau sees the reason live, fixes the text and resubmits.
    await expect.poll(() => section(fgj.page, fgjSection.id).getAttribute('data-status'), { timeout: 10_000 }).toBe('returned');
    await expect(section(fgj.page, fgjSection.id).locator('[data-testid=section-return-reason]').innerText()).resolves.toContain('请补充6月底的增长数据');
    // Writable again (the server's access message may come just after the 已退回 state): only then type.
    await expect.poll(() => section(fgj.page, fgjSection.id).getAttribute('data-mode'), { timeout: 10_000 }).toBe('write');
    await placeCaret(fgj.page, section(fgj.page, fgjSection.id).locator('.ProseMirror'), 'end');
    for (let i = 0; i < 3; i++) await fgj.page.keyboard.press('Backspace');
    await fgj.page.keyboard.type('5.2%（截至6月底）。');
    await waitFor(() => storedXml(server.dbFile, fgjSection.docName).includes('截至6月底'), 'fix stored');
    // The figure is filled in, but the text is now longer than the 写作要求's 20 characters.
    await submit(fgj.page, fgjSection.id, [/本节共 24 字，超过写作要求的 20 字上限/]);

    await expect.poll(() => section(bgs.page, fgjSection.id).getAttribute('data-status'), { timeout: 10_000 }).toBe('submitted');
    // Over the limit still: the office is asked the same before 通过.
    await approve(bgs.page, fgjSection.id, [/本节共 24 字，超过写作要求的 20 字上限/]);

    // The other sections are written through the collaboration server by their bureaus (the office
    // writes its own) and submitted; the office approves them on the report page.
    const others = [
      { username: 'fgj', row: preamble, text: TEXT.preamble },
      { username: 'zjj', row: ecoSection, text: TEXT.eco },
      { username: 'bgs', row: problems, text: TEXT.problems },
    ];
    for (const { username, row, text } of others) {
      await writeThroughServer(username, row.docName, text);
      const submitted = await (await ApiClient.login(server.url, username)).post(`/api/sections/${row.id}/submit`);
      expect(submitted.status, JSON.stringify(submitted.body)).toBe(200);
    }
    for (const { row, text } of others) {
      await expect.poll(() => section(bgs.page, row.id).getAttribute('data-status'), { timeout: 10_000 }).toBe('submitted');
      await expect.poll(() => section(bgs.page, row.id).locator('.ProseMirror').innerText(), { timeout: 10_000 }).toContain(text);
      await approve(bgs.page, row.id);
    }
    const report = await detail(await ApiClient.login(server.url, 'bgs'));
    const leaves = report.sections.filter((s) => s.id !== parent.id);
    expect(leaves.map((s) => [s.id, s.status])).toEqual([preamble, wjjSection, fgjSection, ecoSection, problems].map((s) => [s.id, 'approved']));
  }, STEP_TIMEOUT);

  it('a leader leaves a 批示 on the selected text, @mentioning the 卫健局’s editor, who is told', async () => {
    const leader = await user('quzhang');
    await openReport(leader.page, reportId);
    const editor = section(leader.page, wjjSection.id).locator('.ProseMirror');
    await editor.evaluate((el) => {
      const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
      let node: Node | null;
      while ((node = walker.nextNode())) {
        const at = node.textContent!.indexOf('核酸检测');
        if (at >= 0) {
          const range = document.createRange();
          range.setStart(node, at);
          range.setEnd(node, at + 4);
          const selection = window.getSelection()!;
          selection.removeAllRanges();
          selection.addRange(range);
          return;
        }
      }
    });
    const create = section(leader.page, wjjSection.id).locator('[data-testid=comment-new]');
    await expect.poll(() => create.isEnabled(), { timeout: 10_000 }).toBe(true);
    await create.click();
    await leader.page.locator('[data-testid=comment-body]').fill('核酸检测能力要对标全市先进，请@张卫民 补充措施。');
    await leader.page.locator('[data-testid=comment-submit]').click();
    const thread = section(leader.page, wjjSection.id).locator('[data-testid=comment-thread]');
    await expect.poll(() => thread.count(), { timeout: 10_000 }).toBeGreaterThan(0);
    await expect(thread.first().locator('[data-testid=comment-quote]').innerText()).resolves.toContain('核酸检测');
    await expect(thread.first().locator('[data-testid=comment-author]').innerText()).resolves.toContain('周区长');

    // @张卫民 is the 卫健局's editor: told, through the API and live on the bell of his open page.
    const wjjApi = await ApiClient.login(server.url, 'wjj');
    await expect
      .poll(async () => (await wjjApi.get<{ items: NotificationJson[] }>('/api/notifications')).body.items.filter((n) => n.type === 'mentioned').map((n) => [n.sectionId, n.message]), {
        timeout: 10_000,
      })
      .toEqual([[wjjSection.id, `周区长在《示例区2021年上半年工作总结及下半年工作计划》“（一）${EPIDEMIC}”的批示中提到了您：核酸检测能力要对标全市先进，请@张卫民 补充措施。`]]);
    const wjj = signedIn('wjj');
    await expect.poll(() => wjj.page.locator('[data-testid=notifications-badge]').count(), { timeout: 15_000 }).toBeGreaterThan(0);
    await wjj.page.locator('[data-testid=notifications-bell]').click();
    const mention = wjj.page.locator('[data-testid=notification-item][data-type=mentioned]');
    await expect.poll(() => mention.count(), { timeout: 10_000 }).toBe(1);
    expect(await mention.getAttribute('data-unread')).toBe('true');
    expect(await mention.innerText()).toContain('提到我');
    expect(await mention.innerText()).toContain(`周区长在《示例区2021年上半年工作总结及下半年工作计划》“（一）${EPIDEMIC}”的批示中提到了您`);
    await wjj.page.keyboard.press('Escape');
    // Nobody else was mentioned.
    const fgjNotices = await (await ApiClient.login(server.url, 'fgj')).get<{ items: NotificationJson[] }>('/api/notifications');
    expect(fgjNotices.body.items.filter((n) => n.type === 'mentioned')).toEqual([]);
  });

  it('the board shows every section approved, with the bureau that wrote it', async () => {
    const bgs = signedIn('bgs');
    await bgs.page.goto(`/#/reports/${reportId}/board`);
    const rows = bgs.page.locator('[data-testid=board-row]');
    await expect.poll(() => rows.count(), { timeout: 10_000 }).toBe(5);
    expect(await rows.evaluateAll((els) => els.map((e) => [e.getAttribute('data-section-id'), e.getAttribute('data-status')]))).toEqual(
      [preamble, wjjSection, fgjSection, ecoSection, problems].map((s) => [s.id, 'approved']),
    );
    expect(await rows.locator('.board-row__bureaus').allInnerTexts()).toEqual(['发改局', '卫健局', '发改局', '住建局', '办公室']);
    await bgs.page.screenshot({ path: `${ARTIFACTS}story-board.png`, fullPage: true });
  });

  it('the secretary merges, edits a transition sentence and locks version 1; nobody can change version 1 afterwards', async () => {
    const bgs = signedIn('bgs');
    await bgs.page.goto(`/#/reports/${reportId}/final`);
    await bgs.page.locator('[data-testid=final-merge]').click();
    const editor = bgs.page.locator('[data-testid=final-editor]');
    await expect.poll(() => editor.getAttribute('data-mode'), { timeout: 15_000 }).toBe('write');
    await expect.poll(() => editor.getAttribute('data-synced'), { timeout: 15_000 }).toBe('true');
    const finalDocName = (await editor.getAttribute('data-doc-name'))!;
    await expect.poll(() => editor.locator('.ProseMirror').innerText(), { timeout: 10_000 }).toContain('截至6月底');
    // The caret goes to the end of the last paragraph by keyboard (a click's delayed selection
    // handling, or a selection set through the DOM, can land after the keys); the sentence becomes
    // a new closing paragraph.
    await placeCaret(bgs.page, editor.locator('.ProseMirror'), 'end');
    await bgs.page.keyboard.press('Enter');
    await bgs.page.keyboard.type('综上所述，上半年各项工作稳步推进，下半年将再接再厉。');
    await waitFor(() => storedXml(server.dbFile, finalDocName).includes('再接再厉'), 'transition sentence stored');
    // Every section in outline order under its numbered heading; the 导语 first, without one.
    const blocks = await editor.locator('.ProseMirror > *').evaluateAll((els) => els.map((e): [string, string] => [e.tagName.toLowerCase(), (e as HTMLElement).innerText.trim()]));
    const outline: [string, string][] = [
      ['p', TEXT.preamble],
      ['h', '一、上半年工作完成情况'],
      ['h', `（一）${EPIDEMIC}`],
      ['p', TEXT.wjj],
      ['h', `（二）${RURAL}`],
      ['p', TEXT.fgj],
      ['h', `（三）${REFORM}`],
      ['p', TEXT.eco],
      ['h', '二、存在问题和不足'],
      ['p', TEXT.problems],
      ['p', '综上所述，上半年各项工作稳步推进，下半年将再接再厉。'],
    ];
    expect(blocks.map(([tag, text]) => [tag.startsWith('h') ? 'h' : tag, text])).toEqual(outline);
    expect(blocks.map(([, text]) => text).join('')).not.toContain('导语');
    // Each merged block names its source section, linking to it on the report page.
    const source = bgs.page.locator(`[data-testid=final-source-link][data-source="${fgjSection.id}"]`);
    expect(await source.getAttribute('href')).toBe(`#/reports/${reportId}/sections/${fgjSection.id}`);

    await bgs.page.locator('[data-testid=final-lock]').click();
    await bgs.page.locator('[data-testid=confirm-ok]').click();
    const locked = bgs.page.locator('[data-testid=final-locked]');
    await expect.poll(() => locked.getAttribute('data-version'), { timeout: 15_000 }).toBe('1');
    const sha = (await locked.getAttribute('data-sha256'))!;
    expect(sha).toMatch(/^[0-9a-f]{64}$/);
    await expect.poll(() => editor.getAttribute('data-mode'), { timeout: 10_000 }).toBe('read');
    expect(await editor.locator('.ProseMirror').getAttribute('contenteditable')).toBe('false');

    // A write forced through the page's own Y.Doc is refused by the server and not stored.
    const before = storedXml(server.dbFile, finalDocName);
    expect(await forceWrite(bgs.page, finalDocName, 1, '定稿后篡改')).toBe(true);
    const api = await ApiClient.login(server.url, 'bgs');
    expect((await api.post(`/api/reports/${reportId}/lock`)).status).toBe(409);
    await new Promise((r) => setTimeout(r, 500));
    expect(storedXml(server.dbFile, finalDocName)).toBe(before);
    const version = await api.get<{ sha256: string; verified: boolean; text: string }>(`/api/reports/${reportId}/versions/1`);
    expect(version.body).toMatchObject({ sha256: sha, verified: true });
    expect(version.body.text).toContain('再接再厉');
    expect(version.body.text).not.toContain('定稿后篡改');
    // Version 1 holds the same text in the same order.
    let at = -1;
    for (const [, text] of outline) {
      const found = version.body.text.indexOf(text, at + 1);
      expect(found, `“${text}” in order in version 1`).toBeGreaterThan(at);
      at = found;
    }

    // A bureau editor and the leader see the locked draft read-only; a write forced through their
    // pages is refused too, and the version still verifies.
    for (const other of [signedIn('wjj'), signedIn('quzhang')]) {
      await other.page.goto(`/#/reports/${reportId}/final`);
      const theirs = other.page.locator('[data-testid=final-editor]');
      await expect.poll(() => theirs.getAttribute('data-synced'), { timeout: 15_000 }).toBe('true');
      expect(await theirs.getAttribute('data-mode')).toBe('read');
      expect(await theirs.locator('.ProseMirror').getAttribute('contenteditable')).toBe('false');
      await expect.poll(() => theirs.locator('.ProseMirror').innerText(), { timeout: 10_000 }).toContain('再接再厉');
      expect(await forceWrite(other.page, finalDocName, 1, '他人篡改')).toBe(true);
    }
    await new Promise((r) => setTimeout(r, 500));
    expect(storedXml(server.dbFile, finalDocName)).toBe(before);
    const again = await api.get<{ sha256: string; verified: boolean; text: string }>(`/api/reports/${reportId}/versions/1`);
    expect(again.body).toMatchObject({ sha256: sha, verified: true });
    expect(again.body.text).not.toContain('篡改');

    await bgs.page.goto(`/#/reports/${reportId}/versions/1`);
    await expect.poll(() => bgs.page.locator('[data-testid=version-verified]').getAttribute('data-verified'), { timeout: 10_000 }).toBe('true');
    expect(await bgs.page.locator('[data-testid=version-sha256]').innerText()).toContain(sha);
    await bgs.page.screenshot({ path: `${ARTIFACTS}story-locked-version-1.png`, fullPage: true });
  });
});
