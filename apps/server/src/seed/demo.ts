/**
 * Seeds the demo workspace on an empty database: bureaus, accounts and the demo report built
 * from the half-year seed, with its sections assigned and in 编写中 and their text imported. The
 * seed's opening summary becomes an unnumbered 导语 section written by the 发改局.
 */
import { readFileSync } from 'node:fs';
import { parseReportText, type ParsedSection } from '@hegao/import';
import type { DocStore } from '@hegao/collab';
import {
  appendUpdates,
  countUsers,
  createNotifications,
  createBureau,
  createReport,
  createUser,
  inTransaction,
  insertSections,
  listBureaus,
  listSections,
  lockForSeeding,
  listUsers,
  newId,
  recordEvent,
  sectionDocName,
  setOrganisationName,
  touchSectionEdit,
  type NewOutlineSection,
} from '@hegao/storage';
import { addDays, calendarDate, proposeBureau, type User } from '@hegao/domain';
import { hashPassword } from '../auth/password.js';
import { reportCreatedNotifications } from '../commands/notify.js';
import type { AppContext } from '../context.js';
import { DEMO_BUREAUS, DEMO_HEADING_LEAD, DEMO_ORGANISATION, DEMO_PREAMBLE, DEMO_REPORT_TITLE, DEMO_USERS } from './demoData.js';
import { importSectionText } from './importText.js';

const SEED_FILE = new URL('../../../../seeds/district-half-year-summary-and-plan.txt', import.meta.url);

/** Where the seed is: after each of these it calls `onStep` (sections: once per section). */
export type SeedStep = 'organisation' | 'bureaus' | 'accounts' | 'report' | 'section' | 'events';

/** Options of seedDemo. */
export interface SeedOptions {
  /**
   * Called inside the seed's transaction after each step; throwing from it aborts the seed, which
   * then leaves nothing behind. Must not use the outer database (the transaction holds it). Called
   * again for every step when PostgreSQL makes the transaction run again (a deadlock, see
   * @hegao/storage runTransaction).
   */
  onStep?: (step: SeedStep) => void | Promise<void>;
}

/**
 * Seeds the demo when there are no users yet; returns whether it did. Everything — organisation,
 * bureaus, accounts, the report, its sections, their imported text and the events — is written in
 * ONE transaction: a seed that fails or whose process dies midway leaves the database as empty as
 * it found it, so the next start seeds again from the beginning.
 */
export async function seedDemo(ctx: Pick<AppContext, 'db' | 'config'>, options: SeedOptions = {}): Promise<boolean> {
  if ((await countUsers(ctx.db)) > 0) return false;
  // The slow parts need no database: done before the transaction holds it.
  const hash = await hashPassword(ctx.config.demoPassword);
  const parsed = parseReportText(readFileSync(SEED_FILE, 'utf8'));
  const step = async (name: SeedStep) => {
    await options.onStep?.(name);
  };
  return inTransaction(ctx.db, async (tx) => {
    // Checked again inside, after any other server seeding at the same moment has committed.
    await lockForSeeding(tx);
    if ((await countUsers(tx)) > 0) return false;
    await setOrganisationName(tx, DEMO_ORGANISATION);
    await step('organisation');
    const bureauIds = new Map<string, string>();
    const bureaus: { id: string; name: string }[] = [];
    for (const b of DEMO_BUREAUS) {
      const created = await createBureau(tx, { name: b.name, color: b.color, isOffice: b.isOffice ?? false });
      bureauIds.set(b.key, created.id);
      bureaus.push({ id: created.id, name: created.name });
    }
    await step('bureaus');
    const users = new Map<string, User>();
    for (const u of DEMO_USERS) {
      const user = await createUser(tx, {
        username: u.username,
        name: u.name,
        role: u.role,
        bureauId: u.bureau ? (bureauIds.get(u.bureau) ?? null) : null,
        passwordHash: hash,
      });
      users.set(u.username, user);
    }
    await step('accounts');
    const secretary = users.get('bgs')!;
    const report = await createReport(tx, {
      title: DEMO_REPORT_TITLE,
      period: '2020年上半年',
      kind: 'half_year',
      dueDate: dueIn(14),
      createdBy: secretary.id,
    });
    await step('report');
    // The documents' text goes into the log through the same transaction.
    const store: Pick<DocStore, 'append'> = { append: (entries) => appendUpdates(tx, entries) };
    /** Inserts one section (with its text, if any) and records its assignment. */
    const section = async (input: Omit<NewOutlineSection, 'id' | 'reportId' | 'numbered'> & { numbered?: boolean }, paragraphs: readonly string[] = []): Promise<string> => {
      const id = newId();
      await insertSections(tx, [{ ...input, id, reportId: report.id, numbered: input.numbered ?? true }]);
      const bureauId = input.bureauIds[0];
      if (bureauId) {
        await recordEvent(tx, { reportId: report.id, sectionId: id, actorId: secretary.id, type: 'section.assign', detail: { to: 'drafting', bureauIds: [bureauId] } });
      }
      if (paragraphs.length > 0) {
        const docName = sectionDocName(id);
        await importSectionText(store, docName, paragraphs, secretary);
        await touchSectionEdit(tx, docName, secretary.id, Date.now());
      }
      await step('section');
      return id;
    };
    const preambleBureau = bureauIds.get(DEMO_PREAMBLE.bureau)!;
    await section(
      {
        parentId: null,
        position: 0,
        title: DEMO_PREAMBLE.title,
        numbered: false,
        status: 'drafting',
        bureauIds: [preambleBureau],
        dueDate: dueIn(10),
        instruction: DEMO_PREAMBLE.instruction,
      },
      parsed.preamble,
    );
    const officeId = bureauIds.get('office')!;
    const add = async (nodes: readonly ParsedSection[], parentId: string | null, offset = 0): Promise<void> => {
      for (const [index, node] of nodes.entries()) {
        const position = index + offset;
        const isLeaf = node.children.length === 0;
        // The shared keyword rules pick the bureau; a leaf no bureau writes (存在问题和不足) is the office's own.
        const bureauId = isLeaf ? (proposeBureau(node.title, bureaus)?.id ?? officeId) : undefined;
        const id = await section(
          {
            parentId,
            position,
            title: node.title,
            status: bureauId ? 'drafting' : 'not_started',
            bureauIds: bureauId ? [bureauId] : [],
            dueDate: dueIn(10),
            instruction: bureauId === officeId ? '由办公室在各部门材料基础上汇总撰写，不超过400字' : bureauId ? '不超过800字，数据截至6月底' : '',
          },
          isLeaf ? node.paragraphs : [],
        );
        if (isLeaf) continue;
        // A heading is not written itself: the text under it before its first sub-section becomes an
        // unnumbered lead block that the office writes, so every word of the seed is seen and reviewed.
        let childOffset = 0;
        if (node.paragraphs.length > 0) {
          await section(
            {
              parentId: id,
              position: 0,
              title: DEMO_HEADING_LEAD.title,
              numbered: false,
              status: 'drafting',
              bureauIds: [officeId],
              dueDate: dueIn(10),
              instruction: DEMO_HEADING_LEAD.instruction,
            },
            node.paragraphs,
          );
          childOffset = 1;
        }
        await add(node.children, id, childOffset);
      }
    };
    // The numbered sections follow the 导语.
    await add(parsed.sections, null, 1);
    await recordEvent(tx, { reportId: report.id, actorId: secretary.id, type: 'report.create', detail: { seed: 'district-half-year-summary-and-plan.txt' } });
    // Each bureau is told of its sections, as a report created from a template tells them.
    const sections = await listSections(tx, report.id);
    await createNotifications(tx, reportCreatedNotifications({ actor: secretary, report, sections, users: await listUsers(tx), bureaus: await listBureaus(tx) }));
    await step('events');
    return true;
  });
}

/** The calendar day (Asia/Shanghai, where due dates are written) `days` from today. */
function dueIn(days: number): string {
  return addDays(calendarDate(new Date()), days);
}
