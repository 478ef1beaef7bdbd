import type { BoardRow } from '../../api/officeApi';
import type { BoardSort, BoardSortKey } from '../../hooks/office/boardView';
import { BoardTableRow } from './BoardTableRow';
import './BoardTable.css';

/** Props of {@link BoardTable}. */
export interface BoardTableProps {
  rows: readonly BoardRow[];
  sort: BoardSort;
  onSort: (key: BoardSortKey) => void;
  /** Epoch ms of "now" for relative edit times. */
  now: number;
  /** Section id → its ancestors' numbers (一、 for （四） under 一、). */
  context: ReadonlyMap<string, string>;
  /** Bureau id → colour. */
  colors: ReadonlyMap<string, string>;
  /** Whether 催办 is offered on a row; omitted when the user may 催办 nowhere (no column). */
  remindable?: (row: BoardRow) => boolean;
}

interface SortHeaderProps {
  sortKey: BoardSortKey;
  label: string;
  sort: BoardSort;
  onSort: (key: BoardSortKey) => void;
  className?: string;
}

function SortHeader({ sortKey, label, sort, onSort, className }: SortHeaderProps) {
  const active = sort.key === sortKey;
  return (
    <th scope="col" className={className} aria-sort={active ? (sort.dir === 'asc' ? 'ascending' : 'descending') : 'none'}>
      <button type="button" className={active ? 'board-table__sort board-table__sort--active' : 'board-table__sort'} onClick={() => onSort(sortKey)}>
        {label}
        <span className="board-table__arrow" aria-hidden="true">
          {active ? (sort.dir === 'asc' ? '↑' : '↓') : '↕'}
        </span>
      </button>
    </th>
  );
}

/** The board's table: one row per written section; overdue rows in red; sortable by 章节, 字数, 未填数据, 截止. */
export function BoardTable({ rows, sort, onSort, now, context, colors, remindable }: BoardTableProps) {
  return (
    <div className="board-table__wrap">
      <table className="board-table" data-testid="board-table">
        <thead>
          <tr>
            <SortHeader sortKey="outline" label="章节" sort={sort} onSort={onSort} className="board-table__section" />
            <th scope="col">承办部门</th>
            <th scope="col">状态</th>
            <SortHeader sortKey="chars" label="字数" sort={sort} onSort={onSort} className="board-table__num" />
            <SortHeader sortKey="placeholders" label="未填数据" sort={sort} onSort={onSort} className="board-table__num" />
            <th scope="col">最后编辑</th>
            <SortHeader sortKey="due" label="截止" sort={sort} onSort={onSort} className="board-table__due" />
            {remindable && <th scope="col">催办</th>}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <BoardTableRow
              key={row.id}
              row={row}
              now={now}
              context={context.get(row.id) ?? ''}
              colors={colors}
              remindColumn={remindable !== undefined}
              remindable={remindable?.(row) ?? false}
            />
          ))}
          {rows.length === 0 && (
            <tr>
              <td colSpan={remindable ? 8 : 7} className="board-table__empty">
                没有符合条件的章节
              </td>
            </tr>
          )}
        </tbody>
      </table>
    </div>
  );
}
