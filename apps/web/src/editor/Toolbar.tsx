// The formatting toolbar of a section editor: a thin layer over ./commands, state from ./toolbarState.
import type { Command } from 'prosemirror-state';
import type { EditorView } from 'prosemirror-view';
import { useEffect, useRef, useState, type MouseEvent, type ReactNode } from 'react';
import {
  addTableColumnAfter,
  addTableColumnBefore,
  addTableRowAfter,
  addTableRowBefore,
  deleteTableAround,
  deleteTableColumn,
  deleteTableRow,
  insertTable,
  redo,
  setParagraph,
  toggleBold,
  toggleHeading,
  toggleList,
  undo,
} from './commands';
import { formatShortcut, SHORTCUTS } from './shortcuts';
import { asUndoStep } from './undoStep';
import type { ToolbarState } from './toolbarState';
import { useToolbarState } from './useToolbarState';
import './Toolbar.css';

/** Props of {@link Toolbar}. */
export interface ToolbarProps {
  /** The editor view from `SectionEditor`'s `onView` (null renders a disabled toolbar). */
  view: EditorView | null;
  /** Extra switch from the page; the toolbar is also disabled whenever the view is read-only. */
  editable?: boolean;
}

const bulletList = toggleList('bullet_list');
const orderedList = toggleList('ordered_list');
const heading2 = toggleHeading(2);
const heading3 = toggleHeading(3);
const table3x3 = insertTable(3, 3);

/** The table buttons: command, state flag, `data-command`, `data-testid`, label and tooltip. */
const TABLE_ACTIONS = [
  {
    name: 'add-row-before',
    testId: 'table-add-row-before',
    command: addTableRowBefore,
    can: 'canAddRowBefore',
    label: '在上方插入行',
    title: '在当前行上方插入一行',
  },
  {
    name: 'add-row-after',
    testId: 'table-add-row-after',
    command: addTableRowAfter,
    can: 'canAddRowAfter',
    label: '在下方插入行',
    title: '在当前行下方插入一行',
  },
  {
    name: 'add-column-before',
    testId: 'table-add-column-before',
    command: addTableColumnBefore,
    can: 'canAddColumnBefore',
    label: '在左侧插入列',
    title: '在当前列左侧插入一列',
  },
  {
    name: 'add-column-after',
    testId: 'table-add-column-after',
    command: addTableColumnAfter,
    can: 'canAddColumnAfter',
    label: '在右侧插入列',
    title: '在当前列右侧插入一列',
  },
  {
    name: 'delete-row',
    testId: 'table-delete-row',
    command: deleteTableRow,
    can: 'canDeleteRow',
    label: '删除行',
    title: '删除选中的行（表格只剩这些行时请用“删除表格”）',
  },
  {
    name: 'delete-column',
    testId: 'table-delete-column',
    command: deleteTableColumn,
    can: 'canDeleteColumn',
    label: '删除列',
    title: '删除选中的列（表格只剩这些列时请用“删除表格”）',
  },
  {
    name: 'delete-table',
    testId: 'table-delete',
    command: deleteTableAround,
    can: 'canDeleteTable',
    label: '删除表格',
    title: '删除整个表格',
  },
] as const satisfies ReadonlyArray<{
  name: string;
  testId: string;
  command: Command;
  can: keyof ToolbarState;
  label: string;
  title: string;
}>;

/**
 * Toolbar for a section editor: 撤销 重做 | 正文 一级标题 二级标题 | 加粗 | 项目符号 编号 | 插入表格 |
 * 表格: 在上方插入行 在下方插入行 在左侧插入列 在右侧插入列 删除行 删除列 删除表格 (enabled while the
 * cursor is in a table).
 */
export function Toolbar({ view, editable = true }: ToolbarProps) {
  const state = useToolbarState(view);
  const enabled = editable && state !== null && state.editable;

  const run = (command: Command): void => {
    if (!enabled || !view || view.isDestroyed || !view.editable) return;
    // A toolbar command is its own undo step, as in Word (./undoStep).
    asUndoStep(command)(view.state, view.dispatch, view);
    view.focus();
  };
  const tip = (label: string, binding?: string): string => (binding ? `${label}（${formatShortcut(binding)}）` : label);

  return (
    <div className="hg-toolbar" role="toolbar" aria-label="编辑工具栏" aria-disabled={!enabled} data-testid="editor-toolbar">
      <div className="hg-toolbar__group" role="group" aria-label="撤销与重做">
        <ToolbarButton name="undo" title={tip('撤销', SHORTCUTS.undo)} disabled={!enabled || !state.canUndo} onRun={() => run(undo)}>
          撤销
        </ToolbarButton>
        <ToolbarButton name="redo" title={tip('重做', SHORTCUTS.redo)} disabled={!enabled || !state.canRedo} onRun={() => run(redo)}>
          重做
        </ToolbarButton>
      </div>
      <div className="hg-toolbar__group" role="group" aria-label="段落格式">
        <ToolbarButton
          name="paragraph"
          title={tip('正文', SHORTCUTS.paragraph)}
          pressed={state?.block === 'paragraph'}
          disabled={!enabled || !state.canParagraph}
          onRun={() => run(setParagraph)}
        >
          正文
        </ToolbarButton>
        <ToolbarButton
          name="heading-2"
          title={tip('一级标题', SHORTCUTS.heading2)}
          pressed={state?.block === 'heading-2'}
          disabled={!enabled || !state.canHeading2}
          onRun={() => run(heading2)}
        >
          一级标题
        </ToolbarButton>
        <ToolbarButton
          name="heading-3"
          title={tip('二级标题', SHORTCUTS.heading3)}
          pressed={state?.block === 'heading-3'}
          disabled={!enabled || !state.canHeading3}
          onRun={() => run(heading3)}
        >
          二级标题
        </ToolbarButton>
      </div>
      <div className="hg-toolbar__group" role="group" aria-label="文字格式">
        <ToolbarButton
          name="bold"
          title={tip('加粗', SHORTCUTS.bold)}
          pressed={state?.bold === true}
          disabled={!enabled || !state.canBold}
          onRun={() => run(toggleBold)}
          className="hg-toolbar__button--bold"
        >
          加粗
        </ToolbarButton>
      </div>
      <div className="hg-toolbar__group" role="group" aria-label="列表">
        <ToolbarButton
          name="bullet-list"
          title={tip('项目符号')}
          pressed={state?.list === 'bullet_list'}
          disabled={!enabled || !state.canBulletList}
          onRun={() => run(bulletList)}
        >
          项目符号
        </ToolbarButton>
        <ToolbarButton
          name="ordered-list"
          title={tip('编号')}
          pressed={state?.list === 'ordered_list'}
          disabled={!enabled || !state.canOrderedList}
          onRun={() => run(orderedList)}
        >
          编号
        </ToolbarButton>
      </div>
      <div className="hg-toolbar__group" role="group" aria-label="插入">
        <ToolbarButton
          name="table"
          title="插入表格（3 行 × 3 列；Tab 键移到下一单元格）"
          disabled={!enabled || !state.canInsertTable}
          onRun={() => run(table3x3)}
        >
          插入表格
        </ToolbarButton>
      </div>
      <div className="hg-toolbar__group" role="group" aria-label="表格">
        <TableMenu enabled={enabled && state.inTable} state={state} run={run} />
      </div>
    </div>
  );
}

/**
 * 表格操作 ▾: the row, column and table commands in a drop-down, so the toolbar keeps one row (a
 * toolbar that grows while the mouse is down moves the text under the pointer). Enabled while the
 * cursor is in a table; closes after a command, on Escape, on a click elsewhere, or when the
 * cursor leaves the table.
 */
function TableMenu({ enabled, state, run }: { enabled: boolean; state: ToolbarState | null; run: (command: Command) => void }) {
  const [open, setOpen] = useState(false);
  const anchor = useRef<HTMLDivElement>(null);
  const shown = open && enabled;
  useEffect(() => {
    if (!shown) return;
    const close = (event: Event) => {
      if (event instanceof KeyboardEvent ? event.key === 'Escape' : !anchor.current?.contains(event.target as Node)) setOpen(false);
    };
    document.addEventListener('mousedown', close);
    document.addEventListener('keydown', close);
    return () => {
      document.removeEventListener('mousedown', close);
      document.removeEventListener('keydown', close);
    };
  }, [shown]);
  return (
    <div className="hg-toolbar__menu-anchor" ref={anchor}>
      <ToolbarButton
        name="table-menu"
        testId="table-menu"
        title="表格操作：插入、删除行和列，删除表格（光标在表格中时可用）"
        disabled={!enabled}
        pressed={shown}
        onRun={() => setOpen((was) => !was)}
      >
        表格操作 ▾
      </ToolbarButton>
      {shown && (
        <div className="hg-toolbar__menu" role="menu" aria-label="表格操作" data-testid="table-menu-list">
          {TABLE_ACTIONS.map((action) => (
            <ToolbarButton
              key={action.name}
              name={action.name}
              testId={action.testId}
              title={action.title}
              disabled={!state?.[action.can]}
              onRun={() => {
                run(action.command);
                setOpen(false);
              }}
            >
              {action.label}
            </ToolbarButton>
          ))}
        </div>
      )}
    </div>
  );
}

interface ToolbarButtonProps {
  name: string;
  /** `data-testid` of the button, where the UI contract names one. */
  testId?: string;
  title: string;
  disabled: boolean;
  pressed?: boolean;
  className?: string;
  onRun: () => void;
  children: ReactNode;
}

/** A toolbar button that leaves the editor's focus and selection alone when clicked. */
function ToolbarButton({ name, testId, title, disabled, pressed, className, onRun, children }: ToolbarButtonProps) {
  const keepEditorFocus = (event: MouseEvent): void => event.preventDefault();
  const classes = ['hg-toolbar__button'];
  if (pressed) classes.push('hg-toolbar__button--active');
  if (className) classes.push(className);
  return (
    <button
      type="button"
      className={classes.join(' ')}
      title={title}
      aria-pressed={pressed === undefined ? undefined : pressed}
      disabled={disabled}
      data-command={name}
      data-testid={testId}
      onMouseDown={keepEditorFocus}
      onClick={onRun}
    >
      {children}
    </button>
  );
}
