import { describe, expect, it } from 'vitest';
import { formatShortcut, SHORTCUTS } from './shortcuts';

describe('formatShortcut', () => {
  it('spells bindings out with Ctrl on Windows and Linux', () => {
    expect(formatShortcut(SHORTCUTS.bold, false)).toBe('Ctrl+B');
    expect(formatShortcut(SHORTCUTS.redo, false)).toBe('Ctrl+Shift+Z');
    expect(formatShortcut(SHORTCUTS.heading2, false)).toBe('Ctrl+Alt+1');
    expect(formatShortcut(SHORTCUTS.hardBreak, false)).toBe('Shift+Enter');
  });

  it('uses the Apple symbols on macOS', () => {
    expect(formatShortcut(SHORTCUTS.undo, true)).toBe('⌘Z');
    expect(formatShortcut(SHORTCUTS.redo, true)).toBe('⌘⇧Z');
    expect(formatShortcut(SHORTCUTS.heading3, true)).toBe('⌘⌥2');
  });
});
