// Keyboard shortcuts, in prosemirror-keymap notation, and how to show them in tooltips.

/** The editor's shortcuts by action; the keymap binds these and the toolbar shows them. */
export const SHORTCUTS = {
  undo: 'Mod-z',
  redo: 'Mod-Shift-z',
  redoAlt: 'Mod-y',
  bold: 'Mod-b',
  italic: 'Mod-i',
  underline: 'Mod-u',
  paragraph: 'Mod-Alt-0',
  heading2: 'Mod-Alt-1',
  heading3: 'Mod-Alt-2',
  hardBreak: 'Shift-Enter',
} as const;

/** Whether shortcuts use ⌘ (Apple platforms) rather than Ctrl. */
export function isApplePlatform(): boolean {
  if (typeof navigator === 'undefined') return false;
  return /Mac|iPhone|iPad|iPod/i.test(navigator.platform || navigator.userAgent);
}

/** Formats a keymap binding for a tooltip: `Mod-Shift-z` → `Ctrl+Shift+Z`, or `⌘⇧Z` on Apple platforms. */
export function formatShortcut(binding: string, apple: boolean = isApplePlatform()): string {
  const parts = binding.split(/-(?!$)/);
  const key = parts.pop() ?? '';
  const keyLabel = key.length === 1 ? key.toUpperCase() : key;
  const names: Record<string, [string, string]> = {
    Mod: ['Ctrl', '⌘'],
    Ctrl: ['Ctrl', '⌃'],
    Alt: ['Alt', '⌥'],
    Shift: ['Shift', '⇧'],
  };
  const mods = parts.map((mod) => names[mod]?.[apple ? 1 : 0] ?? mod);
  return apple ? [...mods, keyLabel].join('') : [...mods, keyLabel].join('+');
}
