/**
 * Seeds the demo workspace on an empty database: bureaus, accounts and the demo report built
 * from the half-year seed, with its sections assigned and in 编写中 and their text imported. The
 * seed's opening summary becomes an unnumbered 导语 section written by the 发改局.
 */
import { readFileSync } from 'node:fs';
import { parseReportText, type ParsedSection } from '@hegao/import';
import { SqlDocStore, countUsers, createBureau, createReport, createSection, createUser, recordEvent, setOrganisationName, touchSectionEdit } from '@hegao/storage';
import type { User } from '@hegao/domain';
import { hashPassword } from '../auth/password.js';
import type { AppContext } from '../context.js';
import { DEMO_ASSIGNMENT_RULES, DEMO_BUREAUS, DEMO_HEADING_LEAD, DEMO_ORGANISATION, DEMO_PREAMBLE, DEMO_REPORT_TITLE, DEMO_USERS } from './demoData.js';
import { importSectionText } from './importText.js';

const SEED_FILE = new URL('../../../../seeds/district-half-year-summary-and-plan.txt', import.meta.url);

/** Seeds the demo when there are no users yet; returns whether it did. */
export async function seedDemo(ctx: AppContext): Promise<boolean> {
  if ((await countUsers(ctx.db)) > 0) return false;
  await setOrganisationName(ctx.db, DEMO_ORGANISATION);
  const bureauIds = new Map<string, string>();
  for (const b of DEMO_BUREAUS) {
    bureauIds.set(b.key, (await createBureau(ctx.db, { name: b.name, color: b.color, isOffice: b.isOffice ?? false })).id);
  }
  const hash = await hashPassword(ctx.config.demoPassword);
  const users = new Map<string, User>();
  for (const u of DEMO_USERS) {
    const user = await createUser(ctx.db, {
      username: u.username,
      name: u.name,
      role: u.role,
      bureauId: u.bureau ? (bureauIds.get(u.bureau) ?? null) : null,
      passwordHash: hash,
    });
    users.set(u.username, user);
  }
  const secretary = users.get('bgs')!;
  const parsed = parseReportText(readFileSync(SEED_FILE, 'utf8'));
  const report = await createReport(ctx.db, {
    title: DEMO_REPORT_TITLE,
    period: '2020年上半年',
    kind: 'half_year',
    dueDate: dueIn(14),
    createdBy: secretary.id,
  });
  const store = new SqlDocStore(ctx.db);
  const assigned = async (sectionId: string, bureauId: string): Promise<void> => {
    await recordEvent(ctx.db, { reportId: report.id, sectionId, actorId: secretary.id, type: 'section.assign', detail: { to: 'drafting', bureauIds: [bureauId] } });
  };
  const preambleBureau = bureauIds.get(DEMO_PREAMBLE.bureau)!;
  const preamble = await createSection(ctx.db, {
    reportId: report.id,
    parentId: null,
    position: 0,
    title: DEMO_PREAMBLE.title,
    numbered: false,
    status: 'drafting',
    bureauIds: [preambleBureau],
    dueDate: dueIn(10),
    instruction: DEMO_PREAMBLE.instruction,
  });
  const imported = async (docName: string, paragraphs: readonly string[]): Promise<void> => {
    if (paragraphs.length === 0) return;
    await importSectionText(store, docName, paragraphs, secretary);
    await touchSectionEdit(ctx.db, docName, secretary.id, Date.now());
  };
  await imported(preamble.docName, parsed.preamble);
  await assigned(preamble.id, preambleBureau);
  const officeId = bureauIds.get('office')!;
  const add = async (nodes: readonly ParsedSection[], parentId: string | null, offset = 0): Promise<void> => {
    for (const [index, node] of nodes.entries()) {
      const position = index + offset;
      const isLeaf = node.children.length === 0;
      const rule = isLeaf ? DEMO_ASSIGNMENT_RULES.find((r) => r.pattern.test(node.title)) : undefined;
      // A leaf no bureau writes (存在问题和不足) is the office's own.
      const bureauId = isLeaf ? (rule ? bureauIds.get(rule.bureau) : officeId) : undefined;
      const section = await createSection(ctx.db, {
        reportId: report.id,
        parentId,
        position,
        title: node.title,
        status: bureauId ? 'drafting' : 'not_started',
        bureauIds: bureauId ? [bureauId] : [],
        dueDate: dueIn(10),
        instruction: bureauId === officeId ? '由办公室在各部门材料基础上汇总撰写，不超过400字' : bureauId ? '不超过800字，数据截至6月底' : '',
      });
      if (bureauId) await assigned(section.id, bureauId);
      if (isLeaf) {
        await imported(section.docName, node.paragraphs);
        continue;
      }
      // A heading is not written itself: the text under it before its first sub-section becomes an
      // unnumbered lead block that the office writes, so every word of the seed is seen and reviewed.
      let childOffset = 0;
      if (node.paragraphs.length > 0) {
        const lead = await createSection(ctx.db, {
          reportId: report.id,
          parentId: section.id,
          position: 0,
          title: DEMO_HEADING_LEAD.title,
          numbered: false,
          status: 'drafting',
          bureauIds: [officeId],
          dueDate: dueIn(10),
          instruction: DEMO_HEADING_LEAD.instruction,
        });
        await assigned(lead.id, officeId);
        await imported(lead.docName, node.paragraphs);
        childOffset = 1;
      }
      await add(node.children, section.id, childOffset);
    }
  };
  // The numbered sections follow the 导语.
  await add(parsed.sections, null, 1);
  await recordEvent(ctx.db, { reportId: report.id, actorId: secretary.id, type: 'report.create', detail: { seed: 'district-half-year-summary-and-plan.txt' } });
  return true;
}

function dueIn(days: number): string {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}
