import { memo, useEffect, useRef, useState } from 'react';
import type { BureauOption } from '../../api/officeApi';
import { BureauPicker } from '../office/BureauPicker';
import { TITLE_MAX, blockText, type BodyItem, type DraftSection } from '../../model/importOutline';

/** The refusal or note of the last edit; `key`: the section it concerns (shown there), null: the whole outline. */
export interface EditNotice {
  text: string;
  tone: 'info' | 'error';
  key: string | null;
}

/** What a row can ask of the outline. */
export interface SectionRowActions {
  select: (key: string) => void;
  rename: (key: string, title: string) => void;
  promote: (key: string) => void;
  demote: (key: string) => void;
  join: (key: string) => void;
  remove: (key: string) => void;
  split: (key: string, blockIndex: number, mode: 'title' | 'body') => void;
  setBureaus: (key: string, bureauIds: string[]) => void;
}

/** Props of {@link ImportSectionRow}. */
export interface ImportSectionRowProps {
  section: DraftSection;
  number: string;
  leaf: boolean;
  first: boolean;
  /** A heading with sub-sections and text of its own: the text goes into an unnumbered 引言 under it. */
  lead: boolean;
  selected: boolean;
  /** Open warnings of the importer about this section. */
  warnings: readonly string[];
  bureaus: readonly BureauOption[] | null;
  /** The last edit's refusal or note when it concerns this section. */
  notice: EditNotice | null;
  onDismissNotice: () => void;
  actions: SectionRowActions;
}

function BlockPreview({ item }: { item: BodyItem }) {
  const block = item.block;
  if (block.type === 'paragraph') {
    return (
      <>
        {block.runs.map((run, i) =>
          run.bold ? (
            <strong key={i} data-testid="import-bold">
              {run.text}
            </strong>
          ) : (
            <span key={i}>{run.text}</span>
          ),
        )}
      </>
    );
  }
  if (block.type === 'table') {
    const columns = Math.max(0, ...block.rows.map((r) => r.length));
    return (
      <span className="import-body__table">
        表格（{block.rows.length} 行 × {columns} 列）：{blockText(block)}
      </span>
    );
  }
  return <span>列表：{block.items.join('；')}</span>;
}

/** An edit's refusal (red) or note (blue), dismissible. */
export function NoticeLine({ notice, onDismiss }: { notice: EditNotice; onDismiss: () => void }) {
  return (
    <p className={`import-notice import-notice--${notice.tone}`} role={notice.tone === 'error' ? 'alert' : 'status'} data-testid="import-notice" onClick={(e) => e.stopPropagation()}>
      <span>{notice.text}</span>
      <button type="button" className="import-notice__close" aria-label="关闭提示" onClick={onDismiss}>
        ×
      </button>
    </p>
  );
}

/** One section of the outline being reviewed: number, editable title, moves, body paragraphs (to split), bureaus. */
export const ImportSectionRow = memo(function ImportSectionRow({ section, number, leaf, first, lead, selected, warnings, bureaus, notice, onDismissNotice, actions }: ImportSectionRowProps) {
  const [open, setOpen] = useState(false);
  const [picking, setPicking] = useState(false);
  const row = useRef<HTMLLIElement>(null);
  const titleInput = useRef<HTMLInputElement>(null);
  const untitled = section.title.trim() === '';
  const tooLong = [...section.title.trim()].length > TITLE_MAX;

  useEffect(() => {
    if (selected) row.current?.scrollIntoView({ block: 'nearest', behavior: 'smooth' });
  }, [selected]);

  useEffect(() => {
    // A section made by 从此段拆分 has no title yet: put the caret there.
    if (untitled && section.key.startsWith('n')) titleInput.current?.focus();
    // Only when the row appears.
  }, []);

  const key = section.key;
  const bureauNames = bureaus ? section.bureauIds.map((id) => bureaus.find((b) => b.id === id)?.name ?? '未知部门') : [];
  const classes = ['import-row', `import-row--level-${section.level}`, selected ? 'import-row--selected' : '', warnings.length > 0 ? 'import-row--warned' : ''].filter(Boolean).join(' ');

  return (
    <li
      ref={row}
      className={classes}
      style={{ paddingLeft: `${12 + (section.level - 1) * 24}px` }}
      data-testid="import-section"
      data-key={key}
      data-level={section.level}
      data-number={number}
      aria-current={selected ? 'true' : undefined}
      onClick={() => actions.select(key)}
    >
      <div className="import-row__head">
        <span className="import-row__number" data-testid="import-section-number">
          {number || <span className="import-row__unnumbered">不编号</span>}
        </span>
        <input
          ref={titleInput}
          className={untitled || tooLong ? 'import-row__title import-row__title--empty' : 'import-row__title'}
          title={tooLong ? `标题超过${TITLE_MAX}字，请缩短` : undefined}
          data-testid="import-section-title"
          aria-label={`${number}标题`}
          value={section.title}
          placeholder="请填写标题"
          maxLength={TITLE_MAX}
          onFocus={() => actions.select(key)}
          onChange={(e) => actions.rename(key, e.target.value)}
        />
        {warnings.length > 0 && (
          <span className="import-row__warn" title={warnings.join('\n')} data-testid="import-section-warning">
            需确认
          </span>
        )}
      </div>

      <div className="import-row__tools" onClick={(e) => e.stopPropagation()}>
        <button type="button" className="import-tool" data-testid="import-promote" disabled={section.level <= 1} onClick={() => actions.promote(key)} title="升为上一级标题（下级章节随之升级）">
          ← 升级
        </button>
        <button type="button" className="import-tool" data-testid="import-demote" disabled={first} onClick={() => actions.demote(key)} title="降为下一级标题（下级章节随之降级）">
          降级 →
        </button>
        <button type="button" className="import-tool" data-testid="import-join" disabled={first} onClick={() => actions.join(key)} title="标题变为上一节正文中的一段">
          与上一节合并
        </button>
        <button type="button" className="import-tool import-tool--danger" data-testid="import-remove" onClick={() => actions.remove(key)} title="移到“已删除内容”，可恢复">
          不属于报告
        </button>
        <button type="button" className="import-tool" data-testid="import-body-toggle" aria-expanded={open} disabled={section.body.length === 0} onClick={() => setOpen(!open)}>
          {section.body.length === 0 ? '无正文' : `正文 ${section.body.length} 段 ${open ? '▴' : '▾'}`}
        </button>
      </div>

      {notice && <NoticeLine notice={notice} onDismiss={onDismissNotice} />}

      {open && section.body.length > 0 && (
        <ol className="import-body" onClick={(e) => e.stopPropagation()}>
          {section.body.map((item, i) => (
            <li key={i} className="import-body__item" data-testid="import-body-block" data-line={item.line ?? ''}>
              <p className="import-body__text">
                <BlockPreview item={item} />
              </p>
              <div className="import-body__tools">
                {item.block.type === 'paragraph' && (
                  <button type="button" className="import-tool" data-testid="import-split-title" onClick={() => actions.split(key, i, 'title')} title="这一段是标题：从这里起成为新的一节">
                    设为标题
                  </button>
                )}
                {i > 0 && (
                  <button type="button" className="import-tool" data-testid="import-split-body" onClick={() => actions.split(key, i, 'body')} title="从这一段起另起一节（需填写标题）">
                    从此段拆分
                  </button>
                )}
              </div>
            </li>
          ))}
        </ol>
      )}

      {lead && <p className="import-row__lead">本节有下级章节，其正文将作为不编号的“引言”放在下级章节之前，由办公室撰写。</p>}

      {leaf && (
        <div className="import-row__bureaus" onClick={(e) => e.stopPropagation()}>
          <span className="import-row__label">承办部门：</span>
          {section.bureauIds.length > 0 ? (
            <span className="import-row__names" data-testid="import-section-bureaus">
              {bureauNames.join('、')}
            </span>
          ) : (
            <span className="import-row__names import-row__names--none" data-testid="import-section-bureaus">
              未分配
            </span>
          )}
          {bureaus && (
            <button type="button" className="import-link-button" data-testid="import-bureaus-toggle" aria-expanded={picking} onClick={() => setPicking(!picking)}>
              {picking ? '收起' : '选择'}
            </button>
          )}
          {picking && bureaus && (
            <BureauPicker
              bureaus={bureaus}
              selected={section.bureauIds}
              sectionLabel={`${number}${section.title}`}
              onToggle={(id, on) => actions.setBureaus(key, on ? [...section.bureauIds, id] : section.bureauIds.filter((b) => b !== id))}
            />
          )}
        </div>
      )}
    </li>
  );
});
