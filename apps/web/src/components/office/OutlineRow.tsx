import type { BureauOption } from '../../api/officeApi';
import { handOverNotice } from '../../hooks/office/handOverNotice';
import { descendantCount, type OutlineNode } from '../../hooks/office/outlineTree';
import { nodeLabel, type OutlineEditor } from '../../hooks/office/useOutlineEditor';
import { StatusBadge } from '../StatusBadge';
import { AssignmentEditor } from './AssignmentEditor';
import { AssignmentSummary } from './AssignmentSummary';
import { RowActions } from './RowActions';
import { TitleInput } from './TitleInput';
import './OutlineRow.css';

/** Props of {@link OutlineRow}. */
export interface OutlineRowProps {
  node: OutlineNode;
  /** Edit controls (the secretary while the outline may change); otherwise a read-only row. */
  editable: boolean;
  bureaus: readonly BureauOption[];
  editor: OutlineEditor;
  today: Date;
}

/**
 * One section of the outline: number, title (renamed in place), 不编号, state and structure
 * controls; a section that is written (a leaf) also shows its 承办部门, 截止 and 写作要求.
 */
export function OutlineRow({ node, editable, bureaus, editor, today }: OutlineRowProps) {
  const { section } = node;
  const isLeaf = node.children.length === 0;
  const numbered = section.numbered;
  const label = nodeLabel(node);
  const below = descendantCount(node);
  // Just added: what it took over from its parent or its siblings, said where the secretary looks.
  const added = editor.added?.sectionId === node.id ? handOverNotice(editor.added, (id) => bureaus.find((b) => b.id === id)?.name ?? '') : null;
  return (
    <li
      className={isLeaf ? 'outline-row' : 'outline-row outline-row--heading'}
      data-testid="outline-row"
      data-section-id={node.id}
      data-number={section.number}
      data-depth={node.depth}
      data-leaf={isLeaf}
      data-status={section.status}
    >
      <div className="outline-row__body" style={{ marginLeft: `${node.depth * 28}px` }}>
        <div className="outline-row__main">
          {numbered ? (
            <span className="outline-row__number">{section.number}</span>
          ) : (
            !editable && <span className="outline-row__number outline-row__number--none">不编号</span>
          )}
          {editable ? (
            <TitleInput
              value={section.title}
              label={`章节标题${section.number}`}
              onCommit={(title) => void editor.rename(node, title)}
              focusNow={editor.focusId === node.id}
              onFocused={editor.clearFocus}
            />
          ) : (
            <span className="outline-row__title">{section.title}</span>
          )}
          {editable && (
            <label className="outline-row__flag" title="导语、结束语等不编号，其后同级章节顺延编号">
              <input
                type="checkbox"
                data-testid="outline-unnumbered"
                checked={!numbered}
                disabled={editor.busy}
                onChange={(e) => void editor.patch(node, { numbered: !e.target.checked })}
              />
              不编号
            </label>
          )}
          {isLeaf ? <StatusBadge kind="section" status={section.status} /> : <span className="outline-row__children">含{below}个子章节</span>}
          {editable && (
            <RowActions
              node={node}
              label={label}
              disabled={editor.busy}
              onMove={(kind) => void editor.move(node, kind)}
              onAdd={(where) => void editor.add(node, where)}
              onDelete={() => void editor.remove(node)}
            />
          )}
        </div>
        {added && (
          <p className="outline-row__handover" data-testid="outline-handover" role="status">
            {added}
            <button type="button" className="outline-row__dismiss" onClick={editor.dismissAdded}>
              知道了
            </button>
          </p>
        )}
        {isLeaf &&
          (editable ? (
            <AssignmentEditor
              section={section}
              label={label}
              bureaus={bureaus}
              busy={editor.busy}
              onSave={(plan) => editor.saveAssignment(node, plan)}
            />
          ) : (
            <AssignmentSummary section={section} today={today} />
          ))}
      </div>
    </li>
  );
}
