/**
 * Imports text into a section's Y.Doc as one stored update, attributed to a user: the text reaches the
 * document through the same DocStore log as typed text, so history and authorship show who put it there.
 * Plain paragraphs (the demo seed) or an import's blocks: bold runs, lists and tables.
 */
import * as Y from 'yjs';
import type { DocStore } from '@hegao/collab';
import type { ImportBlock, ImportRun } from '@hegao/import';
import { jsonToFragment, type PMJSON } from '@hegao/schema';
import type { User } from '@hegao/domain';

/** Who an import is attributed to in the update log. */
export type ImportAuthor = Pick<User, 'id' | 'bureauId'>;

/** Inline content of text that may hold line breaks: text nodes (strong when bold) and hard breaks. */
function inline(runs: readonly ImportRun[]): PMJSON[] {
  const out: PMJSON[] = [];
  for (const run of runs) {
    run.text.split(/\r\n|[\r\n\u2028\u2029]/).forEach((part, i) => {
      if (i > 0) out.push({ type: 'hard_break' });
      if (part !== '') out.push({ type: 'text', text: part, ...(run.bold ? { marks: [{ type: 'strong' }] } : {}) });
    });
  }
  // A break at either end of a paragraph shows as an empty line: not text.
  while (out[0]?.type === 'hard_break') out.shift();
  while (out[out.length - 1]?.type === 'hard_break') out.pop();
  return out;
}

function paragraph(runs: readonly ImportRun[]): PMJSON {
  const content = inline(runs);
  // Only spaces is no text.
  return content.some((n) => n.type === 'text' && (n.text ?? '').trim() !== '') ? { type: 'paragraph', content } : { type: 'paragraph' };
}

/** One paragraph per non-empty line of a list item or table cell (at least one). */
function paragraphs(text: string): PMJSON[] {
  const lines = text.split(/\r\n|[\r\n\u2028\u2029]/).map((l) => l.trim()).filter((l) => l !== '');
  return lines.length > 0 ? lines.map((l) => paragraph([{ text: l }])) : [{ type: 'paragraph' }];
}

/**
 * Doc JSON of an import's blocks in the section schema (packages/schema/src/schema.ts): paragraphs with
 * bold runs as `strong`, lists of one-paragraph items, tables of one-paragraph-per-line cells. Empty
 * paragraphs, lists and tables are left out; no blocks make one empty paragraph.
 * @example blocksToDocJSON([{ type: 'paragraph', runs: [{ text: '深入组织动员。', bold: true }] }])
 */
export function blocksToDocJSON(blocks: readonly ImportBlock[]): PMJSON {
  const content: PMJSON[] = [];
  for (const block of blocks) {
    switch (block.type) {
      case 'paragraph': {
        const p = paragraph(block.runs);
        if (p.content) content.push(p);
        break;
      }
      case 'bullet_list':
      case 'ordered_list': {
        const items = block.items.filter((item) => item.trim() !== '');
        if (items.length > 0) content.push({ type: block.type, content: items.map((item) => ({ type: 'list_item', content: paragraphs(item) })) });
        break;
      }
      case 'table': {
        const rows = block.rows.filter((row) => row.length > 0);
        if (rows.length > 0) {
          content.push({
            type: 'table',
            content: rows.map((row) => ({ type: 'table_row', content: row.map((cell) => ({ type: 'table_cell', content: paragraphs(cell) })) })),
          });
        }
        break;
      }
    }
  }
  if (content.length === 0) content.push({ type: 'paragraph' });
  return { type: 'doc', content };
}

/** The blocks of plain paragraphs: each non-empty line, trimmed, one paragraph. */
export function paragraphBlocks(paragraphs: readonly string[]): ImportBlock[] {
  return paragraphs
    .join('\n')
    .split(/\r\n|[\r\n\u2028\u2029]/)
    .map((line) => line.trim())
    .filter((line) => line !== '')
    .map((text) => ({ type: 'paragraph', runs: [{ text }] }));
}

/**
 * Appends `blocks` to the document `docName` as one update by `author`; resolves once stored. Writes
 * nothing for no blocks. Meant for documents nobody has opened yet (seeding, creating a report from an
 * import): the update is written to the store only, not applied to a loaded room.
 * @example await importSectionBlocks(store, section.docName, preview.sections[0].blocks, secretary, 'import')
 */
export async function importSectionBlocks(
  store: Pick<DocStore, 'append'>,
  docName: string,
  blocks: readonly ImportBlock[],
  author: ImportAuthor,
  connectionId = 'seed-import',
): Promise<void> {
  if (blocks.length === 0) return;
  const doc = new Y.Doc();
  try {
    jsonToFragment(blocksToDocJSON(blocks), doc.getXmlFragment('prosemirror'));
    await store.append([
      {
        docName,
        update: Y.encodeStateAsUpdate(doc),
        author: { userId: author.id, bureauId: author.bureauId, connectionId },
        createdAt: Date.now(),
        bindClients: [doc.clientID],
      },
    ]);
  } finally {
    doc.destroy();
  }
}

/**
 * Appends `paragraphs` (one ProseMirror paragraph per non-empty line) to the document `docName`, as
 * importSectionBlocks does.
 * @example await importSectionText(new SqlDocStore(db), section.docName, ['加强基层组织建设。…'], secretary)
 */
export async function importSectionText(
  store: Pick<DocStore, 'append'>,
  docName: string,
  paragraphs: readonly string[],
  author: ImportAuthor,
  connectionId = 'seed-import',
): Promise<void> {
  if (paragraphs.length === 0) return;
  await importSectionBlocks(store, docName, paragraphBlocks(paragraphs), author, connectionId);
}
