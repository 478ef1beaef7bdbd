import { useEffect, useRef } from 'react';
import type { LineRole } from '../../model/importOutline';
import './import.css';

/** Props of {@link ImportSourceView}. */
export interface ImportSourceViewProps {
  lines: readonly string[];
  roles: readonly LineRole[];
  /** The selected section: its lines are highlighted and scrolled into view. */
  selectedKey: string | null;
  /** A line to bring into view (a warning's or a removed line's), with a counter so the same line scrolls again. */
  focusLine: { line: number; seq: number } | null;
  onSelectSection: (key: string) => void;
  sourceName: string | null;
  /** The report title the importer found: its line is marked 报告标题. */
  reportTitle: string;
}

/** 原文: the source, one row per line; titles bold, the selected section highlighted, removed lines struck through with their reason. */
export function ImportSourceView({ lines, roles, selectedKey, focusLine, onSelectSection, sourceName, reportTitle }: ImportSourceViewProps) {
  const titleLine = roles.findIndex((r, i) => r.kind === 'none' && reportTitle !== '' && lines[i]?.trim() === reportTitle.trim());
  const box = useRef<HTMLDivElement>(null);

  function scrollTo(line: number) {
    const container = box.current;
    const row = container?.querySelector<HTMLElement>(`[data-line="${line}"]`);
    if (!container || !row) return;
    container.scrollTo({ top: Math.max(0, row.offsetTop - container.clientHeight / 4), behavior: 'smooth' });
  }

  useEffect(() => {
    if (selectedKey === null) return;
    const first = roles.findIndex((r) => (r.kind === 'title' || r.kind === 'body') && r.key === selectedKey);
    if (first >= 0) scrollTo(first);
    // Only a new selection scrolls; edits that change the roles must not move the view.
  }, [selectedKey]);

  useEffect(() => {
    if (focusLine) scrollTo(focusLine.line);
  }, [focusLine]);

  return (
    <section className="import-sourceview" aria-label="原文" data-testid="import-source">
      <header className="import-column__head">
        <h2>原文</h2>
        <span className="import-column__hint">{sourceName ? `来自 ${sourceName}，` : ''}删除线为不纳入报告的内容</span>
      </header>
      <div className="import-sourceview__lines" ref={box}>
        {lines.map((text, i) => {
          const role = roles[i] ?? { kind: 'none' as const };
          const selected = (role.kind === 'title' || role.kind === 'body') && role.key === selectedKey;
          const focused = focusLine?.line === i;
          const classes = ['import-line', `import-line--${role.kind}`, i === titleLine ? 'import-line--report-title' : '', selected ? 'import-line--selected' : '', focused ? 'import-line--focused' : ''].filter(Boolean).join(' ');
          const sectionKey = role.kind === 'title' || role.kind === 'body' ? role.key : null;
          return (
            <div
              key={i}
              className={classes}
              data-testid="import-source-line"
              data-line={i}
              data-role={role.kind}
              onClick={sectionKey ? () => onSelectSection(sectionKey) : undefined}
            >
              <span className="import-line__no" aria-hidden="true">
                {i + 1}
              </span>
              <span className="import-line__text">{role.kind === 'removed' ? <del>{text || ' '}</del> : text || ' '}</span>
              {role.kind === 'removed' && <span className="import-line__reason">{role.reason}</span>}
              {i === titleLine && <span className="import-line__tag">报告标题</span>}
            </div>
          );
        })}
      </div>
    </section>
  );
}
