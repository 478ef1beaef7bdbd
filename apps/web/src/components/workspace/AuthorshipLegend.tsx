import type { AuthorshipLoad } from '../../hooks/workspace/authorshipLoader';
import { legendGroups } from '../../model/authorship';
import './Authorship.css';

/** Props of {@link AuthorshipLegend}. */
export interface AuthorshipLegendProps {
  id: string;
  load: AuthorshipLoad;
  /** Extra class for placing it (e.g. beside the final draft's margin). */
  className?: string;
  /** Deleted text shown struck through; the switch appears when the answer lists deleted text. */
  showDeleted?: boolean;
  onToggleDeleted?: () => void;
}

/** Who wrote the section, by bureau, each name in its colour: 卫健局：张卫民、李娜. */
export function AuthorshipLegend({ id, load, className, showDeleted = false, onToggleDeleted }: AuthorshipLegendProps) {
  const deletedCount = load.data?.deleted?.reduce((n, run) => n + [...run.text].length, 0) ?? 0;
  const groups = load.data ? legendGroups(load.data.spans) : [];
  return (
    <div className={className ? `authorship-legend ${className}` : 'authorship-legend'} id={id} data-testid="authorship-legend" aria-live="polite">
      <span className="authorship-legend__title">修改人</span>
      {!load.data && load.loading && <span className="authorship-legend__muted">正在加载…</span>}
      {load.data && groups.length === 0 && <span className="authorship-legend__muted">本节尚无文字</span>}
      {groups.map((group) => (
        <span key={group.label} className="authorship-legend__group" data-testid="authorship-legend-group">
          {group.label}：
          {group.people.map((person, index) => (
            <span key={person.userId} className="authorship-legend__person" data-author-id={person.userId}>
              {index > 0 && '、'}
              <span className="authorship-legend__swatch" style={{ backgroundColor: person.color }} aria-hidden="true" />
              {person.name}
            </span>
          ))}
        </span>
      ))}
      {onToggleDeleted && load.data?.deleted && (
        <label className="authorship-legend__deleted" data-testid="authorship-show-deleted">
          <input type="checkbox" checked={showDeleted} onChange={onToggleDeleted} disabled={deletedCount === 0} />
          显示已删除文字{deletedCount > 0 ? `（${deletedCount}字）` : '（无）'}
        </label>
      )}
      {load.error && (
        <span className="authorship-legend__error" role="alert">
          修改人信息未能更新：{load.error}
        </span>
      )}
    </div>
  );
}
