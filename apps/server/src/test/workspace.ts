/**
 * An in-memory workspace for command and access tests: SQLite ':memory:', the real collab core
 * with the server's access resolver, an office secretary, two bureau editors, a leader, and a
 * small report whose sections hold text.
 *
 *   导语 (unnumbered, 卫健局) · 一、上半年工作 (parent with text) → （一）疫情防控 (卫健局), （二）经济发展 (发改局) · 二、下半年计划 (卫健局)
 */
import { CollabServer, type CollabLogger } from '@hegao/collab';
import type { SectionStatus, User } from '@hegao/domain';
import { jsonToFragment, sectionContentRules, textToDocJSON } from '@hegao/schema';
import {
  SqlDocStore,
  createBureau,
  createReport,
  createSection,
  createUser,
  getSection,
  openSqlite,
  updateSectionStatus,
  type Db,
  type ReportRecord,
  type SectionRecord,
} from '@hegao/storage';
import { LoginLimiter } from '../auth/LoginLimiter.js';
import { sectionAccess } from '../collab/access.js';
import { identityOf } from '../collab/identity.js';
import { SessionSockets } from '../collab/sessionSockets.js';
import { ConnectionQuota } from '../http/connectionQuota.js';
import { loadConfig } from '../config.js';
import type { AppContext } from '../context.js';
import { ReportEvents } from '../events/ReportEvents.js';

/** A logged line. */
export interface LogLine {
  level: 'info' | 'warn' | 'error';
  msg: string;
  fields?: Record<string, unknown>;
}

/** The workspace of one test. */
export interface Workspace {
  ctx: AppContext;
  db: Db;
  log: LogLine[];
  users: { bgs: User; wjj: User; fgj: User; quzhang: User };
  report: ReportRecord;
  /** By key: intro, first, epidemic, economy, second. */
  sections: Record<'intro' | 'first' | 'epidemic' | 'economy' | 'second', SectionRecord>;
  /** Replaces a section's text (as its bureau's editor would have typed it). */
  write(section: SectionRecord, text: string, author?: User): Promise<void>;
  /** Runs raw SQL (a statement, no parameters), e.g. a trigger that makes a later write fail. */
  exec(statement: string): Promise<void>;
  /** Makes every insert into `table` fail, as a failing disk or constraint would, until dropped. */
  failInserts(table: string): Promise<void>;
  /** Sets the status of sections directly, bypassing the workflow. */
  setStatus(status: SectionStatus, ...sections: SectionRecord[]): Promise<void>;
  close(): Promise<void>;
}

/** Builds a fresh workspace; call close() after the test. */
export async function workspace(): Promise<Workspace> {
  const db = await openSqlite(':memory:');
  const log: LogLine[] = [];
  const logger: CollabLogger = {
    info: (msg, fields) => log.push({ level: 'info', msg, ...(fields ? { fields } : {}) }),
    warn: (msg, fields) => log.push({ level: 'warn', msg, ...(fields ? { fields } : {}) }),
    error: (msg, fields) => log.push({ level: 'error', msg, ...(fields ? { fields } : {}) }),
  };
  const collab = new CollabServer({ store: new SqlDocStore(db), resolveAccess: sectionAccess(db), logger, unloadDelayMs: 50, contentRules: sectionContentRules });
  const ctx: AppContext = {
    config: loadConfig({ HEGAO_DATA: '/nonexistent' }),
    db,
    collab,
    logger,
    tokenSecret: 'test-secret',
    loginLimiter: new LoginLimiter(),
    events: new ReportEvents(),
    sessionSockets: new SessionSockets(),
    quota: new ConnectionQuota(),
    cluster: null,
  };

  const office = await createBureau(db, { name: '办公室', color: '#34495e', isOffice: true });
  const wjjBureau = await createBureau(db, { name: '卫健局', color: '#c0392b' });
  const fgjBureau = await createBureau(db, { name: '发改局', color: '#2980b9' });
  const user = (username: string, name: string, role: User['role'], bureauId: string | null) =>
    createUser(db, { username, name, role, bureauId, passwordHash: 'x' });
  const users = {
    bgs: await user('bgs', '李文静', 'secretary', office.id),
    wjj: await user('wjj', '张卫民', 'editor', wjjBureau.id),
    fgj: await user('fgj', '陈发展', 'editor', fgjBureau.id),
    quzhang: await user('quzhang', '周区长', 'leader', null),
  };
  const report = await createReport(db, { title: '示例区2020年上半年工作总结', period: '2020年上半年', kind: 'half_year', dueDate: null, createdBy: users.bgs.id });
  const section = (title: string, parentId: string | null, position: number, bureauId: string | null, numbered = true) =>
    createSection(db, { reportId: report.id, parentId, position, title, status: bureauId ? 'drafting' : 'not_started', bureauIds: bureauId ? [bureauId] : [], numbered });
  const intro = await section('导语', null, 0, wjjBureau.id, false);
  const first = await section('上半年工作', null, 1, null);
  const epidemic = await section('疫情防控', first.id, 0, wjjBureau.id);
  const economy = await section('经济发展', first.id, 1, fgjBureau.id);
  const second = await section('下半年计划', null, 2, wjjBureau.id);

  const ws: Workspace = {
    ctx,
    db,
    log,
    users,
    report,
    sections: { intro, first, epidemic, economy, second },
    async write(target, text, author = users.wjj) {
      await collab.change(target.docName, await identityOf(db, author), (doc) => jsonToFragment(textToDocJSON(text), doc.getXmlFragment('prosemirror')));
    },
    async exec(statement) {
      // Without a kysely import here: any compiled query, with its SQL replaced.
      await db.kysely.executeQuery({ ...db.kysely.selectFrom('settings').selectAll().compile(), sql: statement });
    },
    async failInserts(table) {
      await ws.exec(`CREATE TRIGGER fail_${table} BEFORE INSERT ON ${table} BEGIN SELECT RAISE(ABORT, 'test: ${table} cannot be written'); END`);
    },
    async setStatus(status, ...targets) {
      for (const s of targets) {
        const from = (await getSection(db, s.id))!.status;
        await updateSectionStatus(db, { id: s.id, from, to: status, returnReason: null });
      }
      for (const key of Object.keys(ws.sections) as (keyof Workspace['sections'])[]) ws.sections[key] = (await getSection(db, ws.sections[key].id))!;
    },
    async close() {
      await collab.close();
      await db.close();
    },
  };
  await ws.write(intro, '2020年以来，X区紧紧围绕市委的战略部署。');
  await ws.write(first, '上半年，全区经济社会发展总体平稳。', users.bgs);
  await ws.write(epidemic, '全区累计接种疫苗X万剂次。\n核酸检测能力提升到每日X万份。');
  await ws.write(economy, '上半年预计实现地区生产总值X亿元，同比增长X%。', users.fgj);
  await ws.write(second, '下半年，重点抓好六个方面工作。');
  return ws;
}
