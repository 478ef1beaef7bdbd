import { useId } from 'react';
import { KIND_FILTERS, type HistoryFilter, type KindFilter, type SectionOption } from '../../model/historyView';
import './History.css';

/** Props of {@link HistoryFilters}. */
export interface HistoryFiltersProps {
  value: HistoryFilter;
  onChange: (value: HistoryFilter) => void;
  sections: readonly SectionOption[];
  /** Entries per kind (of the section chosen), shown on the kind buttons. */
  counts: Record<KindFilter, number>;
}

/** The history's filters: a section (live ones, then deleted ones) and the kind 全部 / 流程 / 大纲 / 定稿. */
export function HistoryFilters({ value, onChange, sections, counts }: HistoryFiltersProps) {
  const id = useId();
  const live = sections.filter((s) => !s.deleted);
  const deleted = sections.filter((s) => s.deleted);
  return (
    <div className="history-filters">
      <span className="history-filters__section">
        <label htmlFor={id}>章节</label>
        <select id={id} data-testid="history-section-filter" value={value.sectionId} onChange={(e) => onChange({ ...value, sectionId: e.target.value })}>
          <option value="">全部章节</option>
          {live.map((s) => (
            <option key={s.id} value={s.id}>
              {s.label}
            </option>
          ))}
          {deleted.length > 0 && (
            <optgroup label="已删除的章节">
              {deleted.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.label}
                </option>
              ))}
            </optgroup>
          )}
        </select>
      </span>
      <span className="history-filters__kinds" role="group" aria-label="操作类型">
        {KIND_FILTERS.map((k) => (
          <button
            key={k.value}
            type="button"
            className={k.value === value.kind ? 'history-filters__kind history-filters__kind--current' : 'history-filters__kind'}
            aria-pressed={k.value === value.kind}
            data-testid={`history-kind-${k.value}`}
            onClick={() => onChange({ ...value, kind: k.value })}
          >
            {k.label}
            <span className="history-filters__count">{counts[k.value]}</span>
          </button>
        ))}
      </span>
    </div>
  );
}
