// Remote carets and selections for y-prosemirror's cursor plugin, labelled 姓名（局名） in the user's colour.
import { readCursor } from '@hegao/collab/awareness';
import type { DecorationAttrs } from 'prosemirror-view';

/**
 * The awareness `user` field as the collaboration server stamps it on every client's state (whatever
 * the client set is overwritten), e.g. `{ id, name: '张伟', bureau: '发改局', color: '#2980b9',
 * colorLight: '#2980b933' }`. `bureau` is null for users outside a bureau (leaders, the office).
 */
export interface AwarenessUser {
  id?: string | number;
  name?: string;
  role?: string;
  bureauId?: string | null;
  bureau?: string | null;
  color?: string;
  colorLight?: string;
}

/** Colour used when a state carries no usable colour. */
export const FALLBACK_COLOR = '#7a818c';

/** Hex (#rgb, #rrggbb, #rrggbbaa) or rgb()/hsl() colours made of numbers only: safe to put in a style. */
const SAFE_COLOR = /^(?:#[0-9a-f]{3,4}|#[0-9a-f]{6}|#[0-9a-f]{8}|(?:rgb|hsl)a?\([\d\s.,%/]+\))$/i;

/** `value` if it is a colour that is safe to put in an inline style, otherwise null. */
export function safeColor(value: unknown): string | null {
  return typeof value === 'string' && SAFE_COLOR.test(value.trim()) ? value.trim() : null;
}

/** Reads an awareness state's `user` field defensively (it comes from the network). */
export function readAwarenessUser(value: unknown): AwarenessUser {
  if (value === null || typeof value !== 'object') return {};
  const raw = value as Record<string, unknown>;
  const text = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined);
  const user: AwarenessUser = {};
  if (typeof raw['id'] === 'string' || typeof raw['id'] === 'number') user.id = raw['id'];
  const name = text(raw['name']);
  if (name !== undefined) user.name = name;
  user.bureau = text(raw['bureau']) ?? null;
  const color = safeColor(raw['color']);
  if (color !== null) user.color = color;
  const colorLight = safeColor(raw['colorLight']);
  if (colorLight !== null) user.colorLight = colorLight;
  return user;
}

/** The caret label: `姓名（局名）`, or just the name for users without a bureau. */
export function cursorLabel(user: AwarenessUser): string {
  const name = user.name ?? '协作者';
  return user.bureau ? `${name}（${user.bureau}）` : name;
}

/**
 * Builds the caret widget of a remote user: a thin bar in their colour with a small label above it.
 * The word joiners around the label keep the caret from starting or ending a line on its own, as
 * y-prosemirror's default builder does.
 */
export function buildRemoteCursor(rawUser: unknown, clientId: number): HTMLElement {
  const user = readAwarenessUser(rawUser);
  const color = user.color ?? FALLBACK_COLOR;
  const caret = document.createElement('span');
  caret.className = 'ProseMirror-yjs-cursor';
  caret.style.borderColor = color;
  caret.setAttribute('data-client-id', String(clientId));
  if (user.id !== undefined) caret.setAttribute('data-user-id', String(user.id));
  const label = document.createElement('span');
  label.className = 'ProseMirror-yjs-cursor__label';
  label.style.backgroundColor = color;
  label.textContent = cursorLabel(user);
  caret.append('\u2060', label, '\u2060');
  return caret;
}

/** Decoration attributes highlighting a remote user's selection in their light colour. */
export function buildRemoteSelection(rawUser: unknown): DecorationAttrs {
  const user = readAwarenessUser(rawUser);
  const light =
    user.colorLight ?? (user.color && /^#[0-9a-f]{6}$/i.test(user.color) ? `${user.color}33` : `${FALLBACK_COLOR}33`);
  return { class: 'ProseMirror-yjs-selection', style: `background-color: ${light}` };
}

/** The only root type a cursor may name: the section's text. */
const CURSOR_ROOTS: ReadonlySet<string> = new Set(['prosemirror']);

/**
 * Awareness filter for the cursor plugin: other clients only, only once the server has stamped a
 * user on their state (y-prosemirror would otherwise label them `User: <clientId>`), and not when
 * their `cursor` is malformed — y-prosemirror hands it to `Y.createRelativePositionFromJSON`, which
 * throws on garbage and would break the editor. The 合稿 server already drops such cursors; this
 * guards against an older or foreign one.
 */
export function showRemoteCursor(localClientId: number, clientId: number, state: unknown): boolean {
  if (localClientId === clientId || state === null || typeof state !== 'object') return false;
  const { user, cursor } = state as { user?: unknown; cursor?: unknown };
  if (cursor != null && readCursor(cursor, CURSOR_ROOTS) === null) return false;
  return readAwarenessUser(user).name !== undefined;
}
