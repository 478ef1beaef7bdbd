import type * as Y from 'yjs';

declare global {
  interface Window {
    /** Test hook (docs/ui-contract.md): the open section documents, by docName. */
    hegao?: { docs: Map<string, Y.Doc> };
  }
}
