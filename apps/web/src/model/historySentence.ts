// What a recorded event says, as a Chinese sentence after the actor's name: 提交了「（一）疫情防控」,
// 退回了…, 定稿 第1版… Pure: the page renders the parts (section names become links).
import { readAuditEvent, type AuditDetail, type AuditEventType, type RecordedAuditEvent } from '@hegao/contract';
import type { HistoryActor, HistoryEntry } from '../api/historyApi';
import { reportStatusLabel } from './labels';

/** A piece of a sentence: text, a section named by the event, or a locked version. */
export type SentencePart =
  | { kind: 'text'; text: string }
  | { kind: 'section'; sectionId: string; title: string; live: boolean }
  | { kind: 'version'; version: number; text: string };

/** The sentence of one event. */
export interface HistorySentence {
  parts: SentencePart[];
  /** 退回 / 解锁 reason, shown as 理由：…; null when there is none. */
  reason: string | null;
}

/** What the sentences need to know about the report now. */
export interface SentenceContext {
  /** Live sections: official number ('' when unnumbered) and title, by id. */
  sections: ReadonlyMap<string, { number: string; title: string }>;
  /** Bureau names by id (for assignments). */
  bureaus: ReadonlyMap<string, string>;
}

/** Name shown for an event without an actor (the system) and for an account that no longer exists. */
export const SYSTEM_ACTOR = '系统';
export const UNKNOWN_USER = '已删除的用户';

/** The actor's name and bureau, e.g. `{ name: '李文静', bureau: '办公室' }`. */
export function actorLabel(actor: HistoryActor | null): { name: string; bureau: string | null } {
  if (!actor) return { name: SYSTEM_ACTOR, bureau: null };
  return { name: actor.name ?? UNKNOWN_USER, bureau: actor.bureau?.name ?? null };
}

/** The sentence's plain text (tests, titles, screen readers): parts joined, then 理由：… */
export function sentenceText(sentence: HistorySentence): string {
  const body = sentence.parts.map((p) => (p.kind === 'section' ? `「${p.title}」` : p.text)).join('');
  return sentence.reason === null ? body : `${body}，理由：${sentence.reason}`;
}

/** A SHA-256 shortened for reading: its first 8 hex digits. */
export function shortHash(sha256: string): string {
  return sha256.slice(0, 8);
}

/**
 * The sentence for one event, for every type the server records (docs/api.md `HistoryEntry.type`);
 * an unknown type still says which section it concerned.
 *
 * @example
 * sentenceText(describeEvent({ type: 'section.return', reason: '请补充数据', sectionTitle: '疫情防控', … }, ctx))
 * // '退回了「（一）疫情防控」，理由：请补充数据'
 */
export function describeEvent(entry: HistoryEntry, ctx: SentenceContext): HistorySentence {
  const section = (): SentencePart => sectionPart(entry, ctx);
  const text = (t: string): SentencePart => ({ kind: 'text', text: t });
  const say = (...parts: SentencePart[]): HistorySentence => ({ parts, reason: entry.reason });
  const unknown = (): HistorySentence =>
    entry.sectionId !== null ? say(text(`对`), section(), text(`进行了操作（${entry.type}）`)) : say(text(`进行了操作（${entry.type}）`));
  // The detail as the contract says this type records it (each field optional: older events).
  const event = readAuditEvent(entry.type, entry.detail);
  if (event === null) return unknown();

  switch (event.type) {
    case 'report.create': {
      const count = event.detail.sections;
      return say(text(count !== undefined ? `创建了报告（共 ${count} 节）` : '创建了报告'));
    }
    case 'report.import': {
      const count = event.detail.sections;
      const source = event.detail.sourceName ? `「${event.detail.sourceName}」` : '粘贴的文字';
      return say(text(count !== undefined ? `从${source}导入了报告（共 ${count} 节）` : `从${source}导入了报告`));
    }
    case 'report.review':
      return say(text(`首次提交章节，报告进入审核（${statusChange(event.detail, '起草中', '审核中')}）`));
    case 'report.reopen':
      return say(text(`退回已通过的章节，报告重回审核（${statusChange(event.detail, '合稿中', '审核中')}）`));
    case 'report.merge': {
      const d = event.detail;
      if (d.remerge !== true) return say(text('合稿，将各章节合为一稿'));
      const what = [
        (d.sections ?? []).length > 0 ? `更新 ${(d.sections ?? []).length} 节` : '',
        // Sections merged paragraph by paragraph are among those updated.
        (d.merged ?? []).length > 0 ? `其中 ${(d.merged ?? []).length} 节逐段合并` : '',
        (d.removed ?? []).length > 0 ? `移除 ${(d.removed ?? []).length} 节` : '',
        (d.replacedEdits ?? []).length > 0 ? `替换了办公室在合稿中修改过的 ${(d.replacedEdits ?? []).length} 节` : '',
        (d.kept ?? []).length > 0 ? `${(d.kept ?? []).length} 节保留办公室的修改` : '',
      ]
        .filter(Boolean)
        .join('，');
      return say(text(what ? `重新合稿（${what}）` : '重新合稿（无变化）'));
    }
    case 'report.lock': {
      const { version, sha256 } = event.detail;
      const parts: SentencePart[] = [text('定稿 ')];
      parts.push(version !== undefined ? { kind: 'version', version, text: `第${version}版` } : text('新版本'));
      if (sha256) parts.push(text(`（SHA-256 ${shortHash(sha256)}…）`));
      return say(...parts);
    }
    case 'report.unlock': {
      const { version } = event.detail;
      return say(text('解锁 '), version !== undefined ? { kind: 'version', version, text: `第${version}版` } : text('已定稿的报告'), text('，重新进入合稿'));
    }
    case 'section.assign':
      return describeAssign(entry, event.detail, ctx);
    case 'section.submit':
      return say(text(event.detail.from === 'returned' ? '重新提交了' : '提交了'), section());
    case 'section.approve':
      return say(text('通过了'), section());
    case 'section.return':
      return say(text(event.detail.from === 'approved' ? '退回了已通过的' : '退回了'), section());
    case 'section.remind':
      return say(text('催办了'), section());
    case 'section.add':
      return say(text('新建章节'), section());
    case 'section.update':
      return describeUpdate(entry, event.detail, ctx);
    case 'section.move':
      return describeMove(entry, event.detail, ctx);
    case 'section.delete': {
      const { chars } = event.detail;
      const below = (event.detail.deletedIds ?? []).length - 1;
      const extra = [below > 0 ? `及其 ${below} 个下级章节` : '', chars !== undefined && chars > 0 ? `（共 ${chars} 字）` : ''].join('');
      return say(text('删除章节'), section(), ...(extra ? [text(extra)] : []));
    }
    case 'comment.add':
    case 'comment.reply':
    case 'comment.resolve':
    case 'comment.reopen':
      return describeComment(entry, event, ctx);
    default:
      return unknown();
  }
}

/** Which kind of event an entry is, for the filter; `other` for types this app does not know. */
export type HistoryKind = 'workflow' | 'outline' | 'comments' | 'final' | 'other';

const KIND_OF_TYPE: Partial<Record<AuditEventType, HistoryKind>> = {
  'report.create': 'workflow',
  'report.import': 'workflow',
  'report.review': 'workflow',
  'report.reopen': 'workflow',
  'section.assign': 'workflow',
  'section.submit': 'workflow',
  'section.approve': 'workflow',
  'section.return': 'workflow',
  'section.remind': 'workflow',
  'section.add': 'outline',
  'section.update': 'outline',
  'section.move': 'outline',
  'section.delete': 'outline',
  'comment.add': 'comments',
  'comment.reply': 'comments',
  'comment.resolve': 'comments',
  'comment.reopen': 'comments',
  'report.merge': 'final',
  'report.lock': 'final',
  'report.unlock': 'final',
};

/** The filter kind of an event type. */
export function kindOf(type: string): HistoryKind {
  return Object.hasOwn(KIND_OF_TYPE, type) ? (KIND_OF_TYPE[type as AuditEventType] ?? 'other') : 'other';
}

/** 批注 / 批示 and their replies, resolutions and reopenings, quoting what was written. */
function describeComment(
  entry: HistoryEntry,
  event: Extract<RecordedAuditEvent, { type: 'comment.add' | 'comment.reply' | 'comment.resolve' | 'comment.reopen' }>,
  ctx: SentenceContext,
): HistorySentence {
  const text = (t: string): SentencePart => ({ kind: 'text', text: t });
  // A comment on the final draft has no section.
  const where: SentencePart = entry.sectionId === null ? text('合稿') : sectionPart(entry, ctx);
  const body = event.detail.body ? `：“${event.detail.body}”` : '';
  const say = (...parts: SentencePart[]): HistorySentence => ({ parts, reason: null });
  switch (event.type) {
    case 'comment.add': {
      const kind = event.detail.leader === true ? '批示' : '批注';
      const quote = event.detail.quote ? `（针对“${event.detail.quote}”）` : '';
      return say(text('在'), where, text(`${quote}${kind}${body}`));
    }
    case 'comment.reply':
      return say(text('回复了'), where, text(`的批注${body}`));
    case 'comment.resolve':
      return say(text('将'), where, text(`的批注标为已解决${body}`));
    case 'comment.reopen':
      return say(text('重新打开了'), where, text(`的批注${body}`));
  }
}

/** Characters of a 写作要求 quoted in an assignment's sentence; longer ones end in …. */
export const INSTRUCTION_EXCERPT = 30;

/**
 * An assignment: to whom (from whom, when the event recorded the bureaus before it), and the due
 * date and 写作要求 it changed, old → new. Events recorded before those were kept say only to whom.
 */
function describeAssign(entry: HistoryEntry, d: Partial<AuditDetail<'section.assign'>>, ctx: SentenceContext): HistorySentence {
  const text = (t: string): SentencePart => ({ kind: 'text', text: t });
  const say = (...parts: SentencePart[]): HistorySentence => ({ parts, reason: entry.reason });
  const names = (ids: readonly string[]) => ids.map((id) => ctx.bureaus.get(id) ?? '已删除的部门').join('、');
  const after = d.bureauIds ?? [];
  const before = d.previousBureauIds ?? null;
  const changes: string[] = [];
  if (d.dueDate) changes.push(`截止日期 ${dateLabel(d.dueDate.from)} → ${dateLabel(d.dueDate.to)}`);
  if (d.instruction) changes.push(`写作要求 ${instructionLabel(d.instruction.from)} → ${instructionLabel(d.instruction.to)}`);
  const tail = changes.length > 0 ? `：${changes.join('；')}` : '';
  const section = sectionPart(entry, ctx);

  if (after.length === 0) return say(text('取消了'), section, text(`的承办部门${tail}`));
  if (before !== null && sameMembers(before, after)) {
    return changes.length > 0
      ? say(text('调整了'), section, text(`的任务${tail}`))
      : say(text('将'), section, text(`分配给 ${names(after)}（未变）`));
  }
  if (before !== null && before.length > 0) return say(text('将'), section, text(`从 ${names(before)} 改派给 ${names(after)}${tail}`));
  return say(text('将'), section, text(`分配给 ${names(after)}${tail}`));
}

function describeUpdate(entry: HistoryEntry, d: Partial<AuditDetail<'section.update'>>, ctx: SentenceContext): HistorySentence {
  const text = (t: string): SentencePart => ({ kind: 'text', text: t });
  const title = d.title;
  if (title && Object.keys(d).length === 1) {
    return { parts: [text(`重命名「${title.from}」→`), sectionPart(entry, ctx, title.to)], reason: null };
  }
  const changes: string[] = [];
  if (title) changes.push(`标题「${title.from}」→「${title.to}」`);
  if (d.dueDate) changes.push(`截止日期 ${dateLabel(d.dueDate.from)} → ${dateLabel(d.dueDate.to)}`);
  if (d.instruction) changes.push('写作要求');
  if (d.numbered) changes.push(d.numbered.to === false ? '改为不编号' : '改为编号');
  // Fields a newer server records that this page does not name.
  const known = new Set(['title', 'dueDate', 'instruction', 'numbered']);
  if (Object.keys(d).some((k) => !known.has(k))) changes.push('其他设置');
  return { parts: [text('修改了'), sectionPart(entry, ctx), text(changes.length ? `：${changes.join('；')}` : '')], reason: null };
}

function describeMove(entry: HistoryEntry, d: Partial<AuditDetail<'section.move'>>, ctx: SentenceContext): HistorySentence {
  const { from, to } = d;
  const text = (t: string): SentencePart => ({ kind: 'text', text: t });
  const moved = sectionPart(entry, ctx);
  if (!from || !to || from.parentId === to.parentId) return { parts: [text('移动了'), moved, text('（调整顺序）')], reason: null };
  if (to.parentId === null) return { parts: [text('将'), moved, text('移动到顶层')], reason: null };
  const parent = ctx.sections.get(to.parentId);
  const parentPart: SentencePart = parent
    ? { kind: 'section', sectionId: to.parentId, title: numbered(parent), live: true }
    : text('已删除的章节');
  return { parts: [text('将'), moved, text('移动到'), parentPart, text('之下')], reason: null };
}

/** The event's section: its current number and title while live, else the title the history recorded. */
function sectionPart(entry: HistoryEntry, ctx: SentenceContext, recorded?: string): SentencePart {
  const id = entry.sectionId;
  if (id === null) return { kind: 'text', text: '（未知章节）' };
  const live = ctx.sections.get(id);
  if (live) return { kind: 'section', sectionId: id, title: numbered(live), live: true };
  const title = entry.sectionTitle ?? (typeof entry.detail['title'] === 'string' ? entry.detail['title'] : null) ?? recorded ?? '已删除的章节';
  return { kind: 'section', sectionId: id, title, live: false };
}

function numbered(s: { number: string; title: string }): string {
  return `${s.number}${s.title}`;
}

function statusChange(d: { from?: string; to?: string }, from: string, to: string): string {
  return `${d.from !== undefined ? reportStatusLabel(d.from) : from} → ${d.to !== undefined ? reportStatusLabel(d.to) : to}`;
}

function dateLabel(v: unknown): string {
  if (typeof v !== 'string') return '无';
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(v);
  return m ? `${Number(m[2])}月${Number(m[3])}日` : v;
}

/** A 写作要求 in a sentence: quoted and shortened, 无 when empty. */
function instructionLabel(v: unknown): string {
  const value = typeof v === 'string' ? v.trim() : '';
  if (value === '') return '无';
  const chars = [...value];
  return `“${chars.length > INSTRUCTION_EXCERPT ? `${chars.slice(0, INSTRUCTION_EXCERPT).join('')}…` : value}”`;
}

function sameMembers(a: readonly string[], b: readonly string[]): boolean {
  const set = new Set(a);
  return set.size === new Set(b).size && b.every((x) => set.has(x));
}
