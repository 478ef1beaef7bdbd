/** The demo workspace of the public contract: bureaus, accounts and which bureau writes what. */
import type { Role } from '@hegao/domain';

/** The demo organisation: the government of the seeds' 示例区. */
export const DEMO_ORGANISATION = '示例区人民政府';

/** Demo bureaus with their presence colours; the first is the 办公室. */
export const DEMO_BUREAUS: ReadonlyArray<{ key: string; name: string; color: string; isOffice?: boolean }> = [
  { key: 'office', name: '办公室', color: '#34495e', isOffice: true },
  { key: 'wjj', name: '卫健局', color: '#c0392b' },
  { key: 'fgj', name: '发改局', color: '#2980b9' },
  { key: 'nyj', name: '农业农村局', color: '#27ae60' },
  { key: 'mzj', name: '民政局', color: '#d35400' },
  { key: 'zzb', name: '组织部', color: '#b03a2e' },
  { key: 'zjj', name: '住建局', color: '#7f8c8d' },
  { key: 'wlj', name: '文旅局', color: '#16a085' },
];

/** Demo accounts, all with the demo password. */
export const DEMO_USERS: ReadonlyArray<{ username: string; name: string; role: Role; bureau: string | null }> = [
  { username: 'bgs', name: '李文静', role: 'secretary', bureau: 'office' },
  { username: 'wjj', name: '张卫民', role: 'editor', bureau: 'wjj' },
  { username: 'fgj', name: '陈发展', role: 'editor', bureau: 'fgj' },
  { username: 'nyj', name: '刘丰收', role: 'editor', bureau: 'nyj' },
  { username: 'mzj', name: '赵惠民', role: 'editor', bureau: 'mzj' },
  { username: 'zzb', name: '孙建国', role: 'editor', bureau: 'zzb' },
  // Every bureau the demo report assigns has a writer, so the report can go all the way to 定稿.
  { username: 'zjj', name: '周建设', role: 'editor', bureau: 'zjj' },
  { username: 'wlj', name: '吴文旅', role: 'editor', bureau: 'wlj' },
  { username: 'quzhang', name: '周区长', role: 'leader', bureau: null },
];

/** Title of the demo report. */
export const DEMO_REPORT_TITLE = '示例区2020年上半年工作总结及下半年工作计划';

// Which bureau writes which section is decided by the shared keyword rules (BUREAU_RULES in @hegao/domain).

/** The demo report's opening summary with the headline figures: an unnumbered 导语 written by the 发改局. */
export const DEMO_PREAMBLE = {
  title: '导语',
  bureau: 'fgj',
  instruction: '概述上半年总体情况，列明主要经济指标，数据截至6月底，写明同比增幅',
} as const;

/** The lead text under a heading, before its first sub-section: unnumbered, written by the 办公室. */
export const DEMO_HEADING_LEAD = {
  title: '引言',
  instruction: '由办公室撰写本部分的总体要求，承上启下，不超过300字',
} as const;
