import type { MoveKind, OutlineNode } from '../../hooks/office/outlineTree';
import { moveTarget } from '../../hooks/office/outlineTree';
import './officeButtons.css';
import './RowActions.css';

/** Props of {@link RowActions}. */
export interface RowActionsProps {
  node: OutlineNode;
  /** e.g. （一）疫情防控, for accessible names. */
  label: string;
  disabled: boolean;
  onMove: (kind: MoveKind) => void;
  onAdd: (where: 'child' | 'sibling') => void;
  onDelete: () => void;
}

const MOVES: { kind: MoveKind; text: string; testId: string; path: string }[] = [
  { kind: 'up', text: '上移', testId: 'outline-move-up', path: 'M8 13V3M3.5 7.5 8 3l4.5 4.5' },
  { kind: 'down', text: '下移', testId: 'outline-move-down', path: 'M8 3v10M3.5 8.5 8 13l4.5-4.5' },
  { kind: 'outdent', text: '升级（移出上级章节）', testId: 'outline-outdent', path: 'M13 8H3M7 4 3 8l4 4' },
  { kind: 'indent', text: '降级（移入上一节之下）', testId: 'outline-indent', path: 'M3 8h10M9 4l4 4-4 4' },
];

function Icon({ path }: { path: string }) {
  return (
    <svg viewBox="0 0 16 16" fill="none" stroke="currentColor" strokeWidth="1.6" strokeLinecap="round" strokeLinejoin="round" aria-hidden="true">
      <path d={path} />
    </svg>
  );
}

/** A row's structure controls: move up/down, outdent/indent, add a sub-section or a sibling, delete. */
export function RowActions({ node, label, disabled, onMove, onAdd, onDelete }: RowActionsProps) {
  return (
    <div className="row-actions" role="group" aria-label={`${label}的操作`}>
      {MOVES.map(({ kind, text, testId, path }) => (
        <button
          key={kind}
          type="button"
          className="office-icon-button"
          data-testid={testId}
          title={text}
          aria-label={`${text}：${label}`}
          disabled={disabled || moveTarget(node, kind) === null}
          onClick={() => onMove(kind)}
        >
          <Icon path={path} />
        </button>
      ))}
      <span className="row-actions__sep" aria-hidden="true" />
      <button type="button" className="row-actions__text" data-testid="outline-add-child" title="在此节下添加子章节" disabled={disabled} onClick={() => onAdd('child')}>
        ＋子章节
      </button>
      <button type="button" className="row-actions__text" data-testid="outline-add-sibling" title="在此节之后添加同级章节" disabled={disabled} onClick={() => onAdd('sibling')}>
        ＋同级
      </button>
      <button
        type="button"
        className="office-icon-button office-icon-button--danger"
        data-testid="outline-delete"
        title="删除"
        aria-label={`删除：${label}`}
        disabled={disabled}
        onClick={onDelete}
      >
        <Icon path="M3 4.5h10M6.5 4.5V3h3v1.5M4.5 4.5l.7 8.5h5.6l.7-8.5" />
      </button>
    </div>
  );
}
