import { useId } from 'react';
import { UNASSIGNED, type BoardFilterValue as Filter } from '../../hooks/office/boardView';
import './BoardFilter.css';

/** Props of {@link BoardFilter}. */
export interface BoardFilterProps {
  bureaus: readonly { id: string; name: string }[];
  value: Filter;
  onChange: (value: Filter) => void;
  /** Offers 未分配 when some rows have no bureau. */
  hasUnassigned: boolean;
}

/** 承办部门 filter of the board: 全部部门, each bureau on the board, 未分配. */
export function BoardFilter({ bureaus, value, onChange, hasUnassigned }: BoardFilterProps) {
  const id = useId();
  return (
    <span className="board-filter">
      <label htmlFor={id}>承办部门</label>
      <select id={id} data-testid="board-filter" value={value} onChange={(e) => onChange(e.target.value)}>
        <option value="">全部部门</option>
        {bureaus.map((b) => (
          <option key={b.id} value={b.id}>
            {b.name}
          </option>
        ))}
        {(hasUnassigned || value === UNASSIGNED) && <option value={UNASSIGNED}>未分配</option>}
      </select>
    </span>
  );
}
