/**
 * Imports plain paragraphs into a section's Y.Doc as one stored update, attributed to a user: the
 * text reaches the document through the same DocStore log as typed text, so history shows who put it there.
 */
import * as Y from 'yjs';
import type { DocStore } from '@hegao/collab';
import { jsonToFragment, textToDocJSON } from '@hegao/schema';
import type { User } from '@hegao/domain';

/** Who an import is attributed to in the update log. */
export type ImportAuthor = Pick<User, 'id' | 'bureauId'>;

/**
 * Appends `paragraphs` (one ProseMirror paragraph each) to the document `docName`; resolves once stored.
 * Meant for documents nobody has opened yet (seeding, creating a report from an import): the update is
 * written to the store only, not applied to a loaded room.
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
  const doc = new Y.Doc();
  try {
    jsonToFragment(textToDocJSON(paragraphs.join('\n')), doc.getXmlFragment('prosemirror'));
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
