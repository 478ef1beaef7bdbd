/**
 * The organisation that uses 合稿: one district or city government (示例区人民政府) with its
 * 办公室 and bureaus. Pure rules only; storage keeps the name, the bureaus are rows of their own.
 */
import type { Bureau } from './types.js';

/** The government whose bureaus write reports together. */
export interface Organisation {
  /** Full name as it heads documents, e.g. 示例区人民政府. */
  name: string;
}

/** Longest organisation name accepted (the longest real ones are ~20 characters). */
export const ORGANISATION_NAME_MAX = 40;

/** A Chinese problem with a proposed organisation name, or null when it is acceptable. */
export function organisationNameProblem(name: string): string | null {
  const trimmed = name.trim();
  if (trimmed.length === 0) return '单位名称不能为空';
  if ([...trimmed].length > ORGANISATION_NAME_MAX) return `单位名称不能超过 ${ORGANISATION_NAME_MAX} 个字`;
  if (/[\u0000-\u001f\u007f]/.test(trimmed)) return '单位名称不能包含控制字符';
  return null;
}

/**
 * A Chinese problem with the organisation's bureaus, or null: the workflow needs exactly one
 * 办公室 (it reviews, merges and locks) and bureau names must be distinct.
 */
export function bureausProblem(bureaus: readonly Pick<Bureau, 'name' | 'isOffice'>[]): string | null {
  const offices = bureaus.filter((b) => b.isOffice).length;
  if (offices === 0) return '尚未设置办公室：请先创建办公室（bureau add <名称> --office）';
  if (offices > 1) return '一个单位只能有一个办公室';
  const seen = new Set<string>();
  for (const b of bureaus) {
    if (seen.has(b.name)) return `部门名称“${b.name}”重复`;
    seen.add(b.name);
  }
  return null;
}
