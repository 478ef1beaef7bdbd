import { useMemo, useState } from 'react';
import type { MergeChange, ParagraphMergeView } from '../../api/finalApi';
import { collapseEqual, diffStats, diffText } from './textDiff';

/** Props of {@link TextDiff}. */
export interface TextDiffProps {
  before: string;
  after: string;
  /** What the diff shows, e.g. 章节的改动 (omitted: no caption). */
  caption?: string;
  /** `data-testid` of the diff text. */
  testId?: string;
}

/** One text before and after: insertions in green, deletions in red, long unchanged stretches folded. */
export function TextDiff({ before, after, caption, testId = 'final-diff' }: TextDiffProps) {
  const [full, setFull] = useState(false);
  const parts = useMemo(() => diffText(before, after), [before, after]);
  const stats = useMemo(() => diffStats(parts), [parts]);
  const shown = useMemo(() => (full ? parts : collapseEqual(parts)), [full, parts]);
  const collapsed = shown.some((p) => p.kind === 'gap');

  return (
    <div className="final-textdiff">
      <div className="final-textdiff__bar">
        {caption && <span className="final-textdiff__caption">{caption}</span>}
        <span className="final-change__stats">
          {stats.inserted > 0 && <span className="final-change__added">新增 {stats.inserted} 字</span>}
          {stats.deleted > 0 && <span className="final-change__removed">删除 {stats.deleted} 字</span>}
          {stats.inserted === 0 && stats.deleted === 0 && <span>仅格式或空白变化</span>}
        </span>
        {(collapsed || full) && (
          <button type="button" className="final-change__toggle" onClick={() => setFull((v) => !v)} aria-expanded={full}>
            {full ? '只看改动' : '显示全文'}
          </button>
        )}
      </div>
      <p className="final-diff" data-testid={testId}>
        {shown.map((part, i) =>
          part.kind === 'gap' ? (
            <span key={i} className="final-diff__gap" title={`省略了 ${part.hidden} 个未改动的字`}>
              …
            </span>
          ) : part.kind === 'insert' ? (
            <ins key={i} className="final-diff__ins">
              {part.text}
            </ins>
          ) : part.kind === 'delete' ? (
            <del key={i} className="final-diff__del">
              {part.text}
            </del>
          ) : (
            <span key={i}>{part.text}</span>
          ),
        )}
      </p>
    </div>
  );
}

/** Props of {@link ChangeDiff}. */
export interface ChangeDiffProps {
  change: MergeChange;
  /** `（二）疫情防控` when the section is still in the outline; else the title the server sent. */
  label: string;
}

/**
 * One re-merged section: its text before and after; when the office had edited it in the final
 * draft, also what the office had written and whether that was replaced or kept.
 */
export function ChangeDiff({ change, label }: ChangeDiffProps) {
  const { officeText, resolution } = change;
  const paragraphs = resolution === 'merge' ? change.paragraphs : null;
  return (
    <li className="final-change" data-testid="final-change" data-section-id={change.sectionId} data-resolution={resolution ?? ''}>
      <div className="final-change__head">
        <h3 className="final-change__title">{label}</h3>
        {resolution === 'keep' && <span className="final-change__badge final-change__badge--kept">已保留办公室的修改</span>}
        {resolution === 'replace' && <span className="final-change__badge">已替换办公室的修改</span>}
        {resolution === 'merge' && <span className="final-change__badge">已逐段合并</span>}
      </div>
      <TextDiff before={change.before} after={change.after} caption={resolution === 'keep' ? '章节的改动（未写入合稿）' : officeText !== null ? '章节的改动' : undefined} />
      {officeText !== null && (
        <div className="final-change__office" data-testid="final-change-office">
          <p className="final-change__office-note">
            {resolution === 'keep'
              ? '按您的选择，合稿中本节保留了办公室的修改，章节的新内容没有写入合稿。如需采用其中的改动，请在合稿中对照修改。'
              : resolution === 'merge'
                ? mergedNote(paragraphs)
                : '合稿后办公室在合稿中修改过本节，按您的选择已被章节的新内容替换。被替换的内容如下，也保存在历史记录中。'}
          </p>
          <TextDiff before={change.before} after={officeText} caption="办公室在合稿中的修改" testId="final-office-diff" />
        </div>
      )}
    </li>
  );
}

/** What a paragraph merge did to a section, for the office (the office's version before it is in the history). */
export function mergedNote(view: ParagraphMergeView | null): string {
  if (!view) return '按您的选择，本节已逐段合并。合并前办公室的版本如下，也保存在历史记录中。';
  const parts: string[] = [];
  if (view.fromBureau > 0) parts.push(`${view.fromBureau} 处采用了章节的新内容`);
  if (view.fromOffice > 0) parts.push(`${view.fromOffice} 处保留了办公室的修改`);
  if (view.same > 0) parts.push(`${view.same} 处双方改得相同`);
  const bureau = view.conflicts.filter((c) => c.choice === 'bureau').length;
  const office = view.conflicts.length - bureau;
  const defaulted = view.conflicts.filter((c) => c.defaulted).length;
  if (view.conflicts.length > 0) {
    const decided = [bureau > 0 ? `${bureau} 处采用章节的` : '', office > 0 ? `${office} 处保留办公室的` : ''].filter(Boolean).join('、');
    parts.push(`双方都改过的 ${view.conflicts.length} 处中，${decided}${defaulted > 0 ? `（其中 ${defaulted} 处未选择，默认保留办公室的）` : ''}`);
  }
  return `按您的选择，本节已逐段合并：${parts.join('，')}。合并前办公室的版本如下，也保存在历史记录中。`;
}
