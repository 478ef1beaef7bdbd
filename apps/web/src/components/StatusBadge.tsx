import type { ReportStatus, SectionStatus } from '../api/types';
import { reportStatusLabel, sectionStatusLabel } from '../model/labels';
import './StatusBadge.css';

/** Props of {@link StatusBadge}. */
export type StatusBadgeProps = { kind: 'section'; status: SectionStatus } | { kind: 'report'; status: ReportStatus };

/** A small coloured label for a section or report state, e.g. 已提交 or 审核中. */
export function StatusBadge(props: StatusBadgeProps) {
  const label = props.kind === 'section' ? sectionStatusLabel(props.status) : reportStatusLabel(props.status);
  return <span className={`status-badge status-badge--${props.kind}-${props.status}`}>{label}</span>;
}
