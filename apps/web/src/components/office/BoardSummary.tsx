import { SECTION_STATUSES } from '@hegao/domain';
import type { BoardCounts } from '../../hooks/office/boardView';
import { sectionStatusLabel } from '../../model/labels';
import './BoardSummary.css';

/** Props of {@link BoardSummary}. */
export interface BoardSummaryProps {
  counts: BoardCounts;
}

/** Counts by state over the rows shown: 共N节 · 未开始 · 编写中 · 已提交 · 已退回 · 已通过 · 已逾期. */
export function BoardSummary({ counts }: BoardSummaryProps) {
  return (
    <ul className="board-summary" data-testid="board-summary" aria-label="进度统计">
      <li className="board-summary__item board-summary__item--total" data-status="total" data-count={counts.total}>
        <span className="board-summary__value">{counts.total}</span>
        <span className="board-summary__label">全部章节</span>
      </li>
      {SECTION_STATUSES.map((status) => (
        <li key={status} className={`board-summary__item board-summary__item--${status}`} data-status={status} data-count={counts[status]}>
          <span className="board-summary__value">{counts[status]}</span>
          <span className="board-summary__label">{sectionStatusLabel(status)}</span>
        </li>
      ))}
      <li className={counts.overdue > 0 ? 'board-summary__item board-summary__item--overdue' : 'board-summary__item'} data-status="overdue" data-count={counts.overdue}>
        <span className="board-summary__value">{counts.overdue}</span>
        <span className="board-summary__label">已逾期</span>
      </li>
    </ul>
  );
}
