/**
 * Whether content an update carries under a clientID the document already has is the content the
 * document holds there. Yjs ignores structs whose clocks it already counts, so a second writer
 * using another user's clientID would otherwise be silently dropped — and never learn. Compared
 * unit by unit (a character, a type, a mark), so structs split differently still compare equal;
 * deleted or collected content in the update matches anything (the sender collected it).
 */
import * as Y from 'yjs';
import type { StructIndex } from './inspectUpdate.js';

/** One clock unit of content, as a comparable string; null for "matches anything". */
function unitOf(struct: Y.Item | Y.GC, offset: number): string | null {
  if (struct instanceof Y.GC) return null;
  const content = struct.content;
  if (content instanceof Y.ContentDeleted) return null;
  if (content instanceof Y.ContentString) return `s${content.str[offset] ?? ''}`;
  if (content instanceof Y.ContentType) {
    const type = content.type as unknown;
    return type instanceof Y.XmlElement ? `e${type.nodeName}` : type instanceof Y.XmlText ? 't' : 'y';
  }
  if (content instanceof Y.ContentFormat) return `f${content.key}`;
  if (content instanceof Y.ContentAny) return `a${JSON.stringify(content.arr[offset])}`;
  return `c${content.constructor.name}`;
}

function docStructAt(doc: Y.Doc, client: number, clock: number): Y.Item | Y.GC | undefined {
  const structs = doc.store.clients.get(client);
  if (!structs || structs.length === 0) return undefined;
  const last = structs[structs.length - 1]!;
  if (clock >= last.id.clock + last.length) return undefined;
  const s = structs[Y.findIndexSS(structs, clock)];
  return s instanceof Y.Item || s instanceof Y.GC ? s : undefined;
}

/**
 * True when the update's structs of `client` (a contiguous run ending at `end`, all within what
 * `doc` has) differ from the document's content at the same clocks.
 */
export function contentDiffers(structs: StructIndex, doc: Y.Doc, client: number, end: number): boolean {
  let clock = end - 1;
  while (clock >= 0) {
    const mine = structs.find({ client, clock });
    if (!mine) return false;
    for (let c = Math.min(clock, mine.id.clock + mine.length - 1); c >= mine.id.clock; c--) {
      const theirs = docStructAt(doc, client, c);
      if (!theirs) return true;
      const a = unitOf(mine, c - mine.id.clock);
      const b = unitOf(theirs, c - theirs.id.clock);
      if (a !== null && b !== null && a !== b) return true;
    }
    clock = mine.id.clock - 1;
  }
  return false;
}
