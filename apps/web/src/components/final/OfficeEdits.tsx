import { useState } from 'react';
import type { EditDecision, EditResolution, OfficeEdit, ParagraphChoice, ParagraphMergeView } from '../../api/finalApi';
import { TextDiff } from './ChangeDiff';
import { labelOf, type SourceLabel } from './sourceRuns';

/** Props of {@link OfficeEdits}. */
export interface OfficeEditsProps {
  /** The server's message naming the sections. */
  message: string;
  edits: readonly OfficeEdit[];
  labels: ReadonlyMap<string, SourceLabel>;
  busy: boolean;
  /** Merges again with a decision for every listed section. */
  onConfirm: (resolve: Record<string, EditDecision>) => void;
  onCancel: () => void;
}

const CHOICES: { value: EditResolution; label: string; hint: string }[] = [
  { value: 'replace', label: '用章节的新内容替换', hint: '办公室对本节的修改会被替换；替换前的内容保存在历史记录中。' },
  { value: 'keep', label: '保留合稿中的修改', hint: '合稿中本节不变，章节的新内容不写入合稿，可参照上面的改动自行修改。' },
  {
    value: 'merge',
    label: '逐段合并',
    hint: '办公室没改过的段落采用章节的新内容，章节没改过的段落保留办公室的修改；双方都改过的段落由您逐段选择，默认保留办公室的。',
  },
];

/** 共 N 段：… — what a paragraph merge takes from whom. */
export function paragraphSummary(view: ParagraphMergeView): string {
  const parts: string[] = [];
  if (view.fromBureau > 0) parts.push(`${view.fromBureau} 处采用章节的新内容`);
  if (view.fromOffice > 0) parts.push(`${view.fromOffice} 处保留办公室的修改`);
  if (view.same > 0) parts.push(`${view.same} 处双方改得相同`);
  parts.push(view.conflicts.length > 0 ? `${view.conflicts.length} 处双方都改过，需要您选择` : '没有双方都改过的段落');
  return `逐段合并：${parts.join('，')}。`;
}

/**
 * A re-merge refused because the office edited, in the final draft, sections it would replace: for
 * each, what the office changed there and what the section's new text changes, side by side with
 * the text of the last merge, and the secretary's choice — replace or keep. Nothing is merged until
 * every section has a choice and 按所选重新合稿 is clicked.
 */
export function OfficeEdits({ message, edits, labels, busy, onConfirm, onCancel }: OfficeEditsProps) {
  const [choices, setChoices] = useState<Record<string, EditResolution>>({});
  // By section, by conflict index: the paragraphs the secretary took from the bureau or kept.
  const [paragraphChoices, setParagraphChoices] = useState<Record<string, Record<string, ParagraphChoice>>>({});
  const undecided = edits.filter((e) => !choices[e.sectionId]).length;
  const choose = (sectionId: string, value: EditResolution) => setChoices((c) => ({ ...c, [sectionId]: value }));
  const chooseAll = (value: EditResolution) => setChoices(Object.fromEntries(edits.map((e) => [e.sectionId, value])));
  const chooseParagraph = (sectionId: string, index: number, value: ParagraphChoice) =>
    setParagraphChoices((c) => ({ ...c, [sectionId]: { ...c[sectionId], [String(index)]: value } }));
  const confirm = () =>
    onConfirm(
      Object.fromEntries(
        Object.entries(choices).map(([id, choice]): [string, EditDecision] => [id, choice === 'merge' ? { paragraphs: paragraphChoices[id] ?? {} } : choice]),
      ),
    );

  return (
    <section className="final-panel final-office-edits" data-testid="final-office-edits" data-count={edits.length} aria-labelledby="final-office-edits-title">
      <h2 className="final-panel__title" id="final-office-edits-title">
        合稿后办公室修改过的章节
      </h2>
      <p className="final-panel__note" role="alert">
        {message}
      </p>
      {edits.length > 1 && (
        <p className="final-office-edits__all">
          全部：
          <button type="button" className="final-link-button" onClick={() => chooseAll('replace')}>
            替换
          </button>
          <button type="button" className="final-link-button" onClick={() => chooseAll('keep')}>
            保留
          </button>
        </p>
      )}
      <ol className="final-changes__list">
        {edits.map((edit) => {
          const id = edit.sectionId;
          const label = labelOf(labels, id).title ?? edit.title;
          return (
            <li key={id} className="final-change" data-testid="final-office-edit" data-section-id={id}>
              <div className="final-change__head">
                <h3 className="final-change__title">{label}</h3>
              </div>
              <TextDiff before={edit.before} after={edit.officeText} caption="办公室在合稿中的修改（与上次合稿时相比）" testId="final-office-diff" />
              {edit.after === '' ? (
                <p className="final-change__office-note">本节已从大纲中删除：替换会把它从合稿中移除，保留则把上面的内容作为办公室自己的文字留在原处。</p>
              ) : (
                <TextDiff before={edit.before} after={edit.after} caption="章节的新内容（与上次合稿时相比）" />
              )}
              <fieldset className="final-office-edit__choices">
                <legend className="final-office-edit__legend">如何处理本节</legend>
                {CHOICES.filter((choice) => choice.value !== 'merge' || edit.paragraphs !== null).map((choice) => (
                  <label key={choice.value} className="final-office-edit__choice">
                    <input
                      type="radio"
                      name={`office-edit-${id}`}
                      value={choice.value}
                      checked={choices[id] === choice.value}
                      onChange={() => choose(id, choice.value)}
                      data-testid={`final-office-edit-${choice.value}`}
                    />
                    <span>
                      <span className="final-office-edit__label">{edit.after === '' && choice.value === 'replace' ? '从合稿中移除' : choice.label}</span>
                      <span className="final-office-edit__hint">{edit.after === '' && choice.value === 'replace' ? '办公室对本节的修改会一并移除；移除前的内容保存在历史记录中。' : choice.hint}</span>
                    </span>
                  </label>
                ))}
              </fieldset>
              {choices[id] === 'merge' && edit.paragraphs && (
                <ParagraphMerge
                  sectionId={id}
                  officeText={edit.officeText}
                  view={edit.paragraphs}
                  choices={paragraphChoices[id] ?? {}}
                  onChoose={(index, value) => chooseParagraph(id, index, value)}
                />
              )}
            </li>
          );
        })}
      </ol>
      <div className="final-office-edits__actions">
        {undecided > 0 && <span className="final-panel__note">还有 {undecided} 节未选择处理方式</span>}
        <button type="button" className="button" onClick={onCancel} disabled={busy}>
          取消
        </button>
        <button type="button" className="button button--primary" data-testid="final-office-edits-confirm" disabled={busy || undecided > 0} onClick={confirm}>
          {busy ? '正在合稿…' : '按所选重新合稿'}
        </button>
      </div>
    </section>
  );
}

/** Props of {@link ParagraphMerge}. */
interface ParagraphMergeProps {
  sectionId: string;
  officeText: string;
  view: ParagraphMergeView;
  choices: Readonly<Record<string, ParagraphChoice>>;
  onChoose: (index: number, value: ParagraphChoice) => void;
}

/**
 * 逐段合并 of one section: what is taken from whom, and for each paragraph both changed, the
 * text as last merged, the office's and the bureau's, with the secretary's choice (the office's
 * until another is chosen, marked 默认).
 */
function ParagraphMerge({ sectionId, officeText, view, choices, onChoose }: ParagraphMergeProps) {
  return (
    <div className="final-paragraph-merge" data-testid="final-paragraph-merge" data-conflicts={view.conflicts.length}>
      <p className="final-paragraph-merge__summary" data-testid="final-paragraph-merge-summary">
        {paragraphSummary(view)}
      </p>
      <TextDiff before={officeText} after={view.text} caption="合并后的本节（与办公室的版本相比；双方都改过的段落按办公室的显示）" testId="final-paragraph-merge-diff" />
      {view.conflicts.length > 0 && (
        <ol className="final-paragraph-merge__conflicts">
          {view.conflicts.map((conflict) => {
            const chosen = choices[String(conflict.index)] ?? 'office';
            const defaulted = choices[String(conflict.index)] === undefined;
            return (
              <li key={conflict.index} className="final-paragraph-conflict" data-testid="final-paragraph-conflict" data-index={conflict.index} data-choice={chosen} data-defaulted={defaulted}>
                <p className="final-paragraph-conflict__title">
                  第 {conflict.index + 1} 处：双方都改过的段落
                  {defaulted && <span className="final-change__badge final-change__badge--kept">默认保留办公室的</span>}
                </p>
                {(['office', 'bureau'] as const).map((side) => {
                  const text = side === 'office' ? conflict.office : conflict.bureau;
                  return (
                    <label key={side} className={`final-paragraph-conflict__side${chosen === side ? ' final-paragraph-conflict__side--chosen' : ''}`}>
                      <input
                        type="radio"
                        name={`paragraph-${sectionId}-${conflict.index}`}
                        value={side}
                        checked={chosen === side}
                        onChange={() => onChoose(conflict.index, side)}
                        data-testid={`final-paragraph-${side}`}
                      />
                      <span>
                        <span className="final-office-edit__label">{side === 'office' ? '保留办公室的' : '采用章节的新内容'}</span>
                        {text === null ? (
                          <span className="final-paragraph-conflict__text">{side === 'office' ? '（办公室删除了此段）' : '（章节删除了此段）'}</span>
                        ) : (
                          <TextDiff
                            before={conflict.base ?? ''}
                            after={text}
                            caption={side === 'office' ? '办公室的改动（与上次合稿时相比）' : '章节的改动（与上次合稿时相比）'}
                            testId={`final-paragraph-${side}-diff`}
                          />
                        )}
                      </span>
                    </label>
                  );
                })}
              </li>
            );
          })}
        </ol>
      )}
    </div>
  );
}
