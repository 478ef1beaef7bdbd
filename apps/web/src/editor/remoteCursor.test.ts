// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import {
  buildRemoteCursor,
  buildRemoteSelection,
  cursorLabel,
  FALLBACK_COLOR,
  readAwarenessUser,
  safeColor,
  showRemoteCursor,
} from './remoteCursor';

const stamped = { id: 'u7', name: '张伟', role: 'bureau', bureauId: 'b2', bureau: '发改局', color: '#2980b9', colorLight: '#2980b933' };

describe('cursorLabel', () => {
  it('reads 姓名（局名）, or the name alone without a bureau', () => {
    expect(cursorLabel(readAwarenessUser(stamped))).toBe('张伟（发改局）');
    expect(cursorLabel(readAwarenessUser({ ...stamped, name: '李书记', bureau: null }))).toBe('李书记');
    expect(cursorLabel(readAwarenessUser({ ...stamped, bureau: '  ' }))).toBe('张伟');
    expect(cursorLabel(readAwarenessUser(undefined))).toBe('协作者');
  });
});

describe('readAwarenessUser', () => {
  it('keeps well-formed fields and drops the rest', () => {
    expect(readAwarenessUser(stamped)).toEqual({ id: 'u7', name: '张伟', bureau: '发改局', color: '#2980b9', colorLight: '#2980b933' });
    expect(readAwarenessUser({ name: 42, color: 'red; background: url(x)', id: {} })).toEqual({ bureau: null });
    expect(readAwarenessUser('张伟')).toEqual({});
  });
});

describe('safeColor', () => {
  it('accepts hex, rgb() and hsl() colours only', () => {
    expect(safeColor('#c0392b')).toBe('#c0392b');
    expect(safeColor('#c0392b33')).toBe('#c0392b33');
    expect(safeColor('rgb(41, 128, 185)')).toBe('rgb(41, 128, 185)');
    expect(safeColor('hsl(204 64% 44% / 20%)')).toBe('hsl(204 64% 44% / 20%)');
    expect(safeColor('#fff;position:fixed')).toBeNull();
    expect(safeColor('url(https://example.com/x.png)')).toBeNull();
    expect(safeColor(undefined)).toBeNull();
  });
});

describe('buildRemoteCursor', () => {
  it('builds a caret bar with the label as text (never HTML), in the user’s colour', () => {
    const caret = buildRemoteCursor({ ...stamped, name: '<img src=x onerror=alert(1)>' }, 12);
    expect(caret.className).toBe('ProseMirror-yjs-cursor');
    expect(caret.getAttribute('data-client-id')).toBe('12');
    expect(caret.style.borderColor).toBe('#2980b9');
    const label = caret.querySelector<HTMLElement>('.ProseMirror-yjs-cursor__label')!;
    expect(label.textContent).toBe('<img src=x onerror=alert(1)>（发改局）');
    expect(label.querySelector('img')).toBeNull();
    expect(label.style.backgroundColor).toBe('#2980b9');
  });

  it('falls back to a neutral colour', () => {
    const caret = buildRemoteCursor({ name: '王芳', color: 'javascript:alert(1)' }, 3);
    expect(caret.style.borderColor).toBe(FALLBACK_COLOR);
  });
});

describe('buildRemoteSelection', () => {
  it('uses the light colour, derived from the colour when missing', () => {
    expect(buildRemoteSelection(stamped).style).toBe('background-color: #2980b933');
    expect(buildRemoteSelection({ name: '王芳', color: '#c0392b' }).style).toBe('background-color: #c0392b33');
    expect(buildRemoteSelection({}).style).toBe(`background-color: ${FALLBACK_COLOR}33`);
  });
});

describe('showRemoteCursor', () => {
  it('shows other clients once the server stamped their user', () => {
    const cursor = { anchor: { item: { client: 5, clock: 3 }, assoc: 0 }, head: { tname: 'prosemirror' } };
    expect(showRemoteCursor(1, 2, { user: stamped, cursor })).toBe(true);
    expect(showRemoteCursor(1, 2, { user: stamped, cursor: null })).toBe(true); // y-prosemirror skips it
    expect(showRemoteCursor(1, 1, { user: stamped, cursor })).toBe(false);
    expect(showRemoteCursor(1, 2, { cursor })).toBe(false);
    expect(showRemoteCursor(1, 2, null)).toBe(false);
  });

  it('hides a malformed cursor, which would make y-prosemirror throw', () => {
    const end = { item: { client: 5, clock: 3 } };
    const bad: unknown[] = [{}, { anchor: null }, { anchor: end }, { anchor: end, head: {} }, { anchor: { item: { client: '5', clock: 3 } }, head: end }, { anchor: { tname: 'evil' }, head: end }, 'x', 7];
    for (const cursor of bad) expect(showRemoteCursor(1, 2, { user: stamped, cursor }), JSON.stringify(cursor)).toBe(false);
  });
});
