import type { BureauOption } from '../../api/officeApi';
import { hasLeadText, isLeaf, sectionNumbers, type DraftOutline } from '../../model/importOutline';
import { ImportSectionRow, NoticeLine, type EditNotice, type SectionRowActions } from './ImportSectionRow';
import './import.css';

const NONE: readonly string[] = [];

/** Props of {@link ImportOutlineEditor}. */
export interface ImportOutlineEditorProps {
  outline: DraftOutline;
  selectedKey: string | null;
  /** The importer's warnings by section key. */
  warningsByKey: ReadonlyMap<string, readonly string[]>;
  bureaus: readonly BureauOption[] | null;
  bureauError: string | null;
  /** The last refusal or note of an edit. */
  notice: EditNotice | null;
  onDismissNotice: () => void;
  actions: SectionRowActions;
}

/** 识别出的大纲: the sections, numbered live from the tree, each with its edit tools. */
export function ImportOutlineEditor({ outline, selectedKey, warningsByKey, bureaus, bureauError, notice, onDismissNotice, actions }: ImportOutlineEditorProps) {
  const numbers = sectionNumbers(outline.sections);
  return (
    <section className="import-outline" aria-label="识别出的大纲" data-testid="import-outline">
      <header className="import-column__head">
        <h2>识别出的大纲</h2>
        <span className="import-column__hint">点击章节可在右侧原文中定位；编号随层级自动更新</span>
      </header>
      {notice && (notice.key === null || !outline.sections.some((s) => s.key === notice.key)) && <NoticeLine notice={notice} onDismiss={onDismissNotice} />}
      {bureauError && <p className="import-notice import-notice--error">承办部门列表加载失败：{bureauError}</p>}
      <ol className="import-outline__list">
        {outline.sections.map((section, i) => (
          <ImportSectionRow
            key={section.key}
            section={section}
            number={numbers[i] ?? ''}
            leaf={isLeaf(outline.sections, i)}
            first={i === 0}
            lead={hasLeadText(outline.sections, i)}
            selected={section.key === selectedKey}
            warnings={warningsByKey.get(section.key) ?? NONE}
            bureaus={bureaus}
            notice={notice && notice.key === section.key ? notice : null}
            onDismissNotice={onDismissNotice}
            actions={actions}
          />
        ))}
      </ol>
    </section>
  );
}
