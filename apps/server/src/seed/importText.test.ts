import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { MemoryDocStore } from '@hegao/collab';
import { fragmentToText } from '@hegao/schema';
import { importSectionText } from './importText.js';

const author = { id: 'u-bgs', bureauId: 'b-office' };

describe('importSectionText', () => {
  it('stores the paragraphs as one update attributed to the author', async () => {
    const store = new MemoryDocStore();
    await importSectionText(store, 'section-1', ['加强基层组织建设。以“党建领航”工程为总抓手。', '上半年共调整干部X名。'], author);
    const history = await store.history('section-1');
    expect(history).toHaveLength(1);
    expect(history[0]).toMatchObject({ userId: 'u-bgs', bureauId: 'b-office', connectionId: 'seed-import' });
    const loaded = await store.load('section-1');
    const doc = new Y.Doc();
    for (const update of loaded.updates) Y.applyUpdate(doc, update);
    expect(fragmentToText(doc.getXmlFragment('prosemirror'))).toBe('加强基层组织建设。以“党建领航”工程为总抓手。\n上半年共调整干部X名。');
    // The importing clientID is bound to the author, like any writer's.
    expect([...loaded.bindings.values()]).toEqual(['u-bgs']);
  });

  it('writes nothing for no paragraphs', async () => {
    const store = new MemoryDocStore();
    await importSectionText(store, 'section-2', [], author);
    expect(await store.history('section-2')).toEqual([]);
  });
});
