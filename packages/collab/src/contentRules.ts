/**
 * What a document's content may be called and where it may go, for the content check
 * (`inspectUpdate`). The collaboration core knows no editor schema: it checks the kinds of content
 * y-prosemirror writes (XmlElements and XmlTexts in the fragment and in elements, plain JSON
 * attributes, text and format marks in an XmlText) and asks these rules about the names. The server
 * injects rules built from its ProseMirror schema (see @hegao/schema's `contentRules`), so that an
 * update can only store what the schema can hold, which every reader then shows the same way.
 *
 * Rules are asked once per new item of an update, on every keystroke: answer from precomputed
 * tables, without walking anything.
 */
export interface ContentRules {
  /**
   * May an XmlElement named `nodeName` be a child of the element named `parent` (null: of the root
   * fragment)? `parent` may be a name the rules do not know (an element stored before them).
   */
  element(nodeName: string, parent: string | null): boolean;
  /** May an XmlText (a run of inline text) be a child of the element named `parent` (null: of the root fragment)? */
  text(parent: string | null): boolean;
  /**
   * May the element named `nodeName` have the attribute `key` set to `value`? `value` is already
   * known to be plain JSON (null, boolean, finite number, string, arrays and plain objects of them).
   */
  attribute(nodeName: string, key: string, value: unknown): boolean;
  /**
   * May text carry the format `key` with `value` (any JSON value a Y.XmlText format may hold; null
   * removes the format from the text it covers)?
   */
  mark(key: string, value: unknown): boolean;
}

/**
 * Rules that allow every name: only the kinds of content are checked. The default of a server
 * given no rules (and of unit tests that are not about names).
 */
export const permissiveContentRules: ContentRules = {
  element: () => true,
  text: () => true,
  attribute: () => true,
  mark: () => true,
};
