import type { FinalControls } from './finalControls';
import { pendingMessage } from './finalControls';

/** Props of {@link MergePanel}. */
export interface MergePanelProps {
  merge: NonNullable<FinalControls['merge']>;
  /** Outline leaves not yet approved, from the report as last fetched. */
  pending: readonly string[];
  busy: boolean;
  /** The server's message when the last merge was refused (e.g. the sections not yet approved). */
  error: string;
  onMerge: () => void;
}

/** The secretary's 合稿 / 重新合稿 step, with what still blocks it. */
export function MergePanel({ merge, pending, busy, error, onMerge }: MergePanelProps) {
  return (
    <section className="final-panel final-merge" aria-labelledby="final-merge-title">
      <div className="final-merge__text">
        <h2 className="final-panel__title" id="final-merge-title">
          {merge.remerge ? '重新合稿' : '合稿'}
        </h2>
        <p className="final-panel__note">
          {merge.remerge
            ? '报告在合稿后退回了部分章节。这些章节再次审核通过后，重新合稿只替换内容有变化的章节，其他章节和合稿中其他位置的修改保持不变。如果办公室在合稿后修改过要替换的章节，会先列出这些修改，由您逐节决定替换、保留，或逐段合并（办公室没改过的段落采用章节的新内容，章节没改过的段落保留办公室的修改）。'
            : '全部章节审核通过后，可按目录顺序将各章节合为一稿，再统一修改过渡语句并定稿。'}
        </p>
        {pending.length > 0 && !error && (
          <p className="final-merge__pending" data-testid="final-merge-pending" data-count={pending.length}>
            {pendingMessage(pending)}
          </p>
        )}
        {error && (
          <p className="final-panel__error" role="alert" data-testid="final-merge-error">
            {error}
          </p>
        )}
      </div>
      <button type="button" className="button button--primary button--large" data-testid="final-merge" disabled={busy} onClick={onMerge}>
        {busy ? '正在合稿…' : merge.label}
      </button>
    </section>
  );
}
