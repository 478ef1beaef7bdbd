/** Someone else who has the report open. */
export interface PresenceUser {
  userId: string;
  name: string;
  /** Bureau name, or null for users without one (leaders). */
  bureau: string | null;
  /** The bureau's colour as stamped by the server. */
  color: string;
  /** The section whose editor they are in (focus or caret), or null when just reading. */
  sectionId: string | null;
}

/** The awareness states of one section's document. */
export interface SectionAwareness {
  sectionId: string;
  /** Our own clientID in that document, never counted as someone else. */
  selfClientId: number;
  states: ReadonlyMap<number, Record<string, unknown>>;
}

const FALLBACK_COLOR = '#7a818c';

/**
 * Merges the awareness states of every section into one entry per user (the server stamps
 * `user` on each state, so clients cannot impersonate). The signed-in user is left out, also
 * when they have the report open in another tab. A user focused in several tabs is shown in the
 * first section in outline order. Sorted by bureau, then name, so the list does not jump around.
 */
export function aggregatePresence(sections: Iterable<SectionAwareness>, selfUserId: string): PresenceUser[] {
  const users = new Map<string, PresenceUser>();
  for (const { sectionId, selfClientId, states } of sections) {
    for (const [clientId, state] of states) {
      if (clientId === selfClientId) continue;
      const user = readUser(state.user);
      if (!user || user.id === selfUserId) continue;
      const active = state.focus === true || (state.cursor !== null && state.cursor !== undefined);
      const known = users.get(user.id);
      if (!known) {
        users.set(user.id, { userId: user.id, name: user.name, bureau: user.bureau, color: user.color, sectionId: active ? sectionId : null });
      } else if (active && known.sectionId === null) {
        users.set(user.id, { ...known, sectionId });
      }
    }
  }
  return [...users.values()].sort(
    (a, b) => (a.bureau ?? '').localeCompare(b.bureau ?? '', 'zh-CN') || a.name.localeCompare(b.name, 'zh-CN') || a.userId.localeCompare(b.userId),
  );
}

/** Whether two presence lists show the same thing. */
export function samePresence(a: readonly PresenceUser[], b: readonly PresenceUser[]): boolean {
  if (a.length !== b.length) return false;
  return a.every((u, i) => {
    const v = b[i]!;
    return u.userId === v.userId && u.name === v.name && u.bureau === v.bureau && u.color === v.color && u.sectionId === v.sectionId;
  });
}

/** Short text for an avatar: the given name of a Chinese name (张卫民 → 卫民), else initials. */
export function avatarText(name: string): string {
  const trimmed = name.trim();
  if (trimmed === '') return '?';
  const chars = [...trimmed];
  if (/\p{Script=Han}/u.test(chars[0]!)) return chars.length >= 3 ? chars.slice(-2).join('') : chars.join('');
  return trimmed
    .split(/\s+/)
    .slice(0, 2)
    .map((word) => [...word][0]!.toUpperCase())
    .join('');
}

function readUser(value: unknown): { id: string; name: string; bureau: string | null; color: string } | null {
  if (!value || typeof value !== 'object') return null;
  const u = value as Record<string, unknown>;
  if ((typeof u.id !== 'string' && typeof u.id !== 'number') || u.id === '') return null;
  return {
    id: String(u.id),
    name: typeof u.name === 'string' && u.name !== '' ? u.name : '未知用户',
    bureau: typeof u.bureau === 'string' && u.bureau !== '' ? u.bureau : null,
    color: typeof u.color === 'string' && u.color !== '' ? u.color : FALLBACK_COLOR,
  };
}
