import type { MergeChange, MergeResult as MergeAnswer } from '../../api/finalApi';
import { ChangeDiff } from './ChangeDiff';
import { labelOf, type SourceLabel } from './sourceRuns';

/** Props of {@link MergeResult}. */
export interface MergeResultProps {
  result: MergeAnswer;
  labels: ReadonlyMap<string, SourceLabel>;
  onDismiss: () => void;
}

/** What the last merge did: a first merge's confirmation, or a re-merge's 「本次更新的章节」 with diffs. */
export function MergeResult({ result, labels, onDismiss }: MergeResultProps) {
  const dismiss = (
    <button type="button" className="final-panel__close" onClick={onDismiss} aria-label="关闭">
      ×
    </button>
  );
  if (!result.remerge) {
    return (
      <section className="final-panel final-notice" role="status" data-testid="final-merged">
        <p>已合稿：各章节已按目录顺序合为一稿。现在可以修改过渡语句，确认无误后定稿。</p>
        {dismiss}
      </section>
    );
  }
  if (result.changed.length === 0) {
    return (
      <section className="final-panel final-notice" role="status" data-testid="final-changes" data-count={0}>
        <p>已重新合稿：各章节与上次合稿时相同，合稿没有改动。</p>
        {dismiss}
      </section>
    );
  }
  return (
    <section className="final-panel final-changes" data-testid="final-changes" data-count={result.changed.length} aria-labelledby="final-changes-title">
      <div className="final-changes__head">
        <h2 className="final-panel__title" id="final-changes-title">
          本次更新的章节
        </h2>
        <span className="final-panel__note" data-testid="final-changes-summary">
          {summary(result.changed)}
          <span className="final-diff__legend">
            <ins className="final-diff__ins">新增</ins>
            <del className="final-diff__del">删除</del>
          </span>
        </span>
        {dismiss}
      </div>
      <ol className="final-changes__list">
        {result.changed.map((change) => {
          const label = labelOf(labels, change.sectionId).title ?? change.title;
          return <ChangeDiff key={change.sectionId} change={change} label={label} />;
        })}
      </ol>
    </section>
  );
}

/** 共 N 节：… — what the re-merge did to the listed sections, and that the rest of the draft is as it was. */
export function summary(changed: readonly MergeChange[]): string {
  const kept = changed.filter((c) => c.resolution === 'keep').length;
  const merged = changed.filter((c) => c.resolution === 'merge').length;
  const removed = changed.filter((c) => c.after === '' && c.resolution !== 'keep').length;
  const replaced = changed.length - kept - removed - merged;
  const replacedEdits = changed.filter((c) => c.resolution === 'replace').length;
  const parts: string[] = [];
  if (replaced > 0) parts.push(`${replaced} 节已替换为章节的新内容`);
  if (removed > 0) parts.push(`${removed} 节已从大纲删除，已移出合稿`);
  if (replacedEdits > 0) parts.push(`替换了办公室在合稿中修改过的 ${replacedEdits} 节（替换前的内容保存在历史记录中）`);
  if (kept > 0) parts.push(`${kept} 节按您的选择保留了办公室的修改，章节的新内容未写入`);
  if (merged > 0) parts.push(`${merged} 节按您的选择逐段合并（办公室没改过的段落采用了章节的新内容，其余保留或按您的选择）`);
  return `共 ${changed.length} 节：${parts.join('；')}。合稿中其他章节和其他位置的修改保持不变。`;
}
