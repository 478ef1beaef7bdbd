import { memo } from 'react';
import type { BoardRow } from '../../api/officeApi';
import { describeRowDue } from '../../hooks/office/boardView';
import { formatEditTime } from '../../model/lastEdit';
import { BureauTag } from '../BureauTag';
import { StatusBadge } from '../StatusBadge';
import { RemindButton } from './RemindButton';

/** Props of {@link BoardTableRow}. */
export interface BoardTableRowProps {
  row: BoardRow;
  now: number;
  /** The ancestors' numbers, shown muted before the row's own (一、). */
  context: string;
  colors: ReadonlyMap<string, string>;
  /** The 催办 column is shown (the office); `remindable` offers the button on this row. */
  remindColumn: boolean;
  remindable: boolean;
}

/** One section on the board. */
export const BoardTableRow = memo(function BoardTableRow({ row, now, context, colors, remindColumn, remindable }: BoardTableRowProps) {
  const due = describeRowDue(row);
  return (
    <tr
      className={row.overdue ? 'board-row board-row--overdue' : 'board-row'}
      data-testid="board-row"
      data-section-id={row.id}
      data-status={row.status}
      data-overdue={row.overdue}
    >
      <th scope="row" className="board-row__section">
        {context && <span className="board-row__context">{context}</span>}
        <span className="board-row__number">{row.number}</span>
        {row.title}
      </th>
      <td>
        <span className="board-row__bureaus">
          {row.bureaus.length > 0 ? row.bureaus.map((b) => <BureauTag key={b.id} name={b.name} color={colors.get(b.id)} />) : <span className="board-row__muted">未分配</span>}
        </span>
      </td>
      <td>
        <StatusBadge kind="section" status={row.status} />
      </td>
      <td className="board-table__num" data-testid="board-chars" data-count={row.chars}>
        {row.chars.toLocaleString('zh-CN')}
      </td>
      <td className="board-table__num" data-testid="board-placeholders" data-count={row.placeholders}>
        {row.placeholders > 0 ? <span className="board-row__placeholders">{row.placeholders}处</span> : <span className="board-row__muted">—</span>}
      </td>
      <td className="board-row__edit">
        {row.lastEdit ? (
          <span title={new Date(row.lastEdit.at).toLocaleString('zh-CN')}>
            {row.lastEdit.name ?? '已删除的用户'}
            <time className="board-row__time" dateTime={row.lastEdit.at}>
              {formatEditTime(row.lastEdit.at, new Date(now))}
            </time>
          </span>
        ) : (
          <span className="board-row__muted">尚未编辑</span>
        )}
      </td>
      <td className={`board-table__due board-row__due board-row__due--${due.tone}`}>
        {row.dueDate ? <time dateTime={row.dueDate}>{due.dateText}</time> : due.dateText}
        {due.relative && <span className="board-row__relative">{due.relative}</span>}
      </td>
      {remindColumn && <td className="board-row__remind">{remindable && <RemindButton row={row} now={now} />}</td>}
    </tr>
  );
});
