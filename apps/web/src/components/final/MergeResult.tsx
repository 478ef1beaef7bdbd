import type { MergeResult as MergeAnswer } from '../../api/finalApi';
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
        <p>已合稿：各章节已按目录顺序合成合稿稿。现在可以修改过渡语句，确认无误后定稿。</p>
        {dismiss}
      </section>
    );
  }
  if (result.changed.length === 0) {
    return (
      <section className="final-panel final-notice" role="status" data-testid="final-changes" data-count={0}>
        <p>已重新合稿：各章节与上次合稿时相同，合稿稿没有改动。</p>
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
        <span className="final-panel__note">
          共 {result.changed.length} 节，已替换合稿稿中对应的内容，其他修改保持不变。
          <span className="final-diff__legend">
            <ins className="final-diff__ins">新增</ins>
            <del className="final-diff__del">删除</del>
          </span>
        </span>
        {dismiss}
      </div>
      <ol className="final-changes__list">
        {result.changed.map((change) => {
          const label = labelOf(labels, String(change.sectionId)).title ?? change.title;
          return <ChangeDiff key={String(change.sectionId)} change={change} label={label} />;
        })}
      </ol>
    </section>
  );
}
