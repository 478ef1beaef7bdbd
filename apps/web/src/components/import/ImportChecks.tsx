import type { ImportWarning } from '@hegao/contract';
import type { RemovedEntry } from '../../model/importOutline';
import './import.css';

/** Props of {@link ImportChecks}. */
export interface ImportChecksProps {
  warnings: readonly ImportWarning[];
  /** Whether a warning's section is still in the outline (else it is shown as settled). */
  warningOpen: (warning: ImportWarning) => boolean;
  onWarning: (warning: ImportWarning) => void;
  removed: readonly RemovedEntry[];
  onShowRemoved: (entry: RemovedEntry) => void;
  onRestore: (entry: RemovedEntry) => void;
}

function removedText(entry: RemovedEntry): string {
  if (entry.kind === 'line') return entry.text;
  const [first, ...rest] = entry.sections;
  const title = first?.title.trim() || '未命名章节';
  return rest.length > 0 ? `${title}（含 ${rest.length} 个下级章节）` : title;
}

/** 需要确认 (the importer's doubts; a click selects the section) and 已删除内容 (each restorable). */
export function ImportChecks({ warnings, warningOpen, onWarning, removed, onShowRemoved, onRestore }: ImportChecksProps) {
  return (
    <div className="import-checks">
      <section className="import-panel import-panel--warnings" aria-label="需要确认" data-testid="import-warnings">
        <h2 className="import-panel__title">
          需要确认 <span className="import-panel__count">{warnings.length}</span>
        </h2>
        {warnings.length === 0 ? (
          <p className="import-panel__empty">没有需要确认的问题。</p>
        ) : (
          <ul className="import-panel__list">
            {warnings.map((warning, i) => (
              <li key={i}>
                <button
                  type="button"
                  className={warningOpen(warning) ? 'import-warning' : 'import-warning import-warning--settled'}
                  data-testid="import-warning"
                  data-code={warning.code}
                  onClick={() => onWarning(warning)}
                >
                  <span className="import-warning__icon" aria-hidden="true">
                    !
                  </span>
                  {warning.message}
                </button>
              </li>
            ))}
          </ul>
        )}
      </section>
      <section className="import-panel import-panel--removed" aria-label="已删除内容" data-testid="import-removed">
        <h2 className="import-panel__title">
          已删除内容 <span className="import-panel__count">{removed.length}</span>
        </h2>
        {removed.length === 0 ? (
          <p className="import-panel__empty">没有删除任何内容。</p>
        ) : (
          <ul className="import-panel__list">
            {removed.map((entry) => (
              <li key={entry.key} className="import-removed" data-testid="import-removed-item" data-kind={entry.kind}>
                <span className="import-removed__reason">{entry.reason}</span>
                <button type="button" className="import-removed__text" title="在原文中查看" onClick={() => onShowRemoved(entry)}>
                  {removedText(entry)}
                </button>
                {entry.kind === 'line' && entry.merged ? (
                  <span className="import-removed__merged">已在标题中</span>
                ) : (
                  <button type="button" className="import-link-button" data-testid="import-restore" onClick={() => onRestore(entry)}>
                    恢复
                  </button>
                )}
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}
