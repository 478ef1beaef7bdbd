// Rendering a locked version's ProseMirror JSON as static HTML through the schema's own toDOM, so a
// version looks exactly like the final draft it was taken from (data-source included) and prints.
import { schema } from '@hegao/schema';
import type { PMJSON } from '@hegao/schema';
import { DOMSerializer, Node as PMNode } from 'prosemirror-model';

/** The result of reading a version's content: a document to render, or why it cannot be shown. */
export type ParsedVersion = { ok: true; doc: PMNode } | { ok: false; reason: string };

/** Reads stored content into a schema-valid document; never throws. */
export function parseVersionContent(content: PMJSON | null | undefined): ParsedVersion {
  if (!content || typeof content !== 'object') return { ok: false, reason: '该版本的内容无法读取' };
  try {
    const doc = PMNode.fromJSON(schema, content);
    if (doc.type !== schema.topNodeType) return { ok: false, reason: '该版本的内容格式不正确' };
    doc.check();
    return { ok: true, doc };
  } catch {
    return { ok: false, reason: '该版本的内容与当前的文档格式不兼容' };
  }
}

/**
 * The document's blocks as DOM nodes created in `document` (text is set as text nodes, never parsed
 * as HTML, so stored content cannot inject markup).
 *
 * @example
 * host.replaceChildren(renderVersionDOM(doc, document));
 */
export function renderVersionDOM(doc: PMNode, document: Document): DocumentFragment {
  const target = document.createDocumentFragment();
  DOMSerializer.fromSchema(schema).serializeFragment(doc.content, { document }, target);
  return target;
}

/** Plain text split into paragraphs, for when the content itself cannot be rendered. */
export function textParagraphs(text: string): string[] {
  return text.split('\n').filter((line) => line.trim() !== '');
}
