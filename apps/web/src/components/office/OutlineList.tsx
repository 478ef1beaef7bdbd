import type { BureauOption } from '../../api/officeApi';
import type { OutlineTree } from '../../hooks/office/outlineTree';
import type { OutlineEditor } from '../../hooks/office/useOutlineEditor';
import { OutlineRow } from './OutlineRow';
import './OutlineList.css';

/** Props of {@link OutlineList}. */
export interface OutlineListProps {
  tree: OutlineTree;
  editable: boolean;
  bureaus: readonly BureauOption[];
  editor: OutlineEditor;
  today: Date;
}

/** The whole outline, one row per section in outline order, indented by depth. */
export function OutlineList({ tree, editable, bureaus, editor, today }: OutlineListProps) {
  return (
    <ol className="outline-list" data-testid="outline-editor" data-editable={editable} aria-busy={editor.busy}>
      {tree.rows.map((node) => (
        <OutlineRow key={node.id} node={node} editable={editable} bureaus={bureaus} editor={editor} today={today} />
      ))}
    </ol>
  );
}
