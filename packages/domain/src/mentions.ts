/** @mentions in comments: who a comment's text names, by display name or username. */
import type { User } from './types.js';

/** Someone who can be @mentioned. */
export type MentionCandidate = Pick<User, 'id' | 'name' | 'username'>;

const ASCII_WORD = /[A-Za-z0-9_]/;

/**
 * The users a comment mentions with `@姓名` or `@username` (also the full-width ＠), in order of
 * first mention. At each @ the longest matching name or username wins (@张卫民 over @张卫);
 * users sharing that longest name are all mentioned. An @ right after a letter or digit is an
 * e-mail address, and a handle ending in a letter or digit must not run on into more of them.
 * @example findMentions('请@张卫民和@fgj核实', users) // [idOfZhang, idOfFgj]
 */
export function findMentions(body: string, users: readonly MentionCandidate[]): string[] {
  const handles: { text: string; folded: string; id: string }[] = [];
  for (const u of users) {
    for (const text of [u.name, u.username]) {
      if (text.trim() !== '') handles.push({ text, folded: text.toLowerCase(), id: u.id });
    }
  }
  const found: string[] = [];
  for (let i = 0; i < body.length; i++) {
    const ch = body[i];
    if (ch !== '@' && ch !== '＠') continue;
    if (i > 0 && ASCII_WORD.test(body[i - 1]!)) continue;
    const rest = body.slice(i + 1);
    const restFolded = rest.toLowerCase();
    let best = 0;
    let ids: string[] = [];
    for (const h of handles) {
      if (h.text.length < best) continue;
      if (!(rest.startsWith(h.text) || restFolded.startsWith(h.folded))) continue;
      const next = rest[h.text.length];
      if (next !== undefined && ASCII_WORD.test(h.text.at(-1)!) && ASCII_WORD.test(next)) continue;
      if (h.text.length > best) {
        best = h.text.length;
        ids = [];
      }
      ids.push(h.id);
    }
    for (const id of ids) if (!found.includes(id)) found.push(id);
    if (best > 0) i += best;
  }
  return found;
}
