// Paste from Word, WPS and web pages: strip Office cruft before the schema's parse rules run.
//
// The schema's parseDOM rules decide what survives (paragraphs, headings, lists, tables, line breaks,
// bold, italic, underline). What is done here is only what those rules cannot do on the DOM: Office's
// conditional comments and namespaced tags, whose text would otherwise leak into the document, and
// `mso-` styles, which say nothing ProseMirror understands.
import { Fragment, Slice } from 'prosemirror-model';
import type { Node as PMNode } from 'prosemirror-model';
import { Plugin, PluginKey } from 'prosemirror-state';

/** Conditions of Word's downlevel-revealed blocks (`<![if !x]>…<![endif]>`) whose content is a duplicate. */
const DROPPED_CONDITIONS = /^!support(?:LineBreakNewLine|EmptyParas|Annotations)$/i;

/** Elements removed together with their content. */
const DROPPED_ELEMENTS = /<(head|style|script|title|xml|template|noscript)\b[^>]*>[\s\S]*?<\/\1\s*>/gi;

/** Void elements that only carry document metadata. */
const METADATA_TAGS = /<(?:meta|link|base)\b[^>]*>/gi;

const ENTITIES: Record<string, string> = { nbsp: ' ', amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", ensp: ' ', emsp: ' ' };

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, code: string) => {
    if (code[0] === '#') {
      const n = code[1] === 'x' || code[1] === 'X' ? Number.parseInt(code.slice(2), 16) : Number.parseInt(code.slice(1), 10);
      return Number.isFinite(n) && n > 0 && n <= 0x10ffff ? String.fromCodePoint(n) : whole;
    }
    return ENTITIES[code.toLowerCase()] ?? whole;
  });
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * The text of a Word list marker (`<![if !supportLists]>…<![endif]>`): kept when it numbers the item
 * (一、 （一） 1. ① a)), since Word's automatic numbering exists nowhere else in the pasted HTML and
 * official documents number their points; dropped when it is only a bullet glyph (·, §, Ø from the
 * Symbol and Wingdings fonts).
 */
function listMarker(content: string): string {
  const text = decodeEntities(content.replace(/<[^>]*>/g, '')).replace(/\s+/g, ' ').trim();
  // Bullets are single glyphs (·, §, o, Ø, ü, n, v); numbers are 1., a), 一、, （一）, or a lone ① or 一.
  const numbered = [...text].length === 1 ? /[\p{N}\p{Script=Han}]/u.test(text) : /[\p{L}\p{N}]/u.test(text);
  return numbered ? escapeHtml(text) : '';
}

/**
 * Keeps a style attribute's declarations except Office's `mso-` ones; null when none is left. The value
 * is still HTML-escaped, so a `;` that ends an entity (`&quot;`) does not end a declaration.
 */
function cleanStyle(style: string): string | null {
  if (!/mso-/i.test(style)) return style;
  const kept = style
    .split(/(?<!&#?\w+);/)
    .map((decl) => decl.trim())
    .filter((decl) => decl !== '' && !/^-?mso-/i.test(decl));
  return kept.length > 0 ? kept.join('; ') : null;
}

/** Rewrites the style attributes of one start tag. */
function cleanTagStyles(tag: string): string {
  return tag.replace(/\sstyle\s*=\s*(?:"([^"]*)"|'([^']*)')/gi, (_whole, dq: string | undefined, sq: string | undefined) => {
    const quote = dq !== undefined ? '"' : "'";
    const style = cleanStyle(dq ?? sq ?? '');
    return style === null ? '' : ` style=${quote}${style}${quote}`;
  });
}

/**
 * Cleans clipboard HTML from Word, WPS or a web page: removes conditional comments (keeping the numbers
 * of Word's list markers), all other comments, `<head>`, `<style>`, `<script>`, `<meta>`, `<link>`,
 * `<xml>`, `<o:p>` and other namespaced Office tags (their text kept), and `mso-` style declarations.
 * What remains is ordinary HTML for the schema's parse rules.
 */
export function cleanPastedHtml(html: string): string {
  let out = html;
  // Downlevel-revealed comments (<!--[if !mso]><!-->…<!--<![endif]-->): content meant for browsers.
  out = out.replace(/<!--\[if[^\]]*\]><!-->/gi, '').replace(/<!--<!\[endif\]\s*-->/gi, '');
  // Downlevel-hidden comments (<!--[if gte mso 9]>…<![endif]-->): Office-only content.
  out = out.replace(/<!--\[if[^\]]*\]>[\s\S]*?<!\[endif\]\s*-->/gi, '');
  // Word's downlevel-revealed blocks (<![if !supportLists]>…<![endif]>).
  out = out.replace(/<!\[if\s+([^\]]*?)\s*\]>([\s\S]*?)<!\[endif\]>/gi, (_whole, condition: string, content: string) => {
    if (/^!supportLists$/i.test(condition)) return listMarker(content);
    return DROPPED_CONDITIONS.test(condition) ? '' : content;
  });
  out = out.replace(/<!\[(?:if[^\]]*|endif)\]>/gi, '');
  out = out.replace(/<!--[\s\S]*?-->/g, '');
  out = out.replace(DROPPED_ELEMENTS, '');
  out = out.replace(METADATA_TAGS, '');
  out = out.replace(/<o:p\b[^>]*>[\s\S]*?<\/o:p\s*>/gi, '').replace(/<o:p\b[^>]*\/?>/gi, '');
  out = out.replace(/<\/?[a-z][\w.-]*:[\w.-]+\b[^>]*>/gi, '');
  out = out.replace(/<[a-z][^>]*\sstyle\s*=[^>]*>/gi, cleanTagStyles);
  return out;
}

/**
 * Prepares plain-text clipboard content: each line is trimmed (spaces, tabs, 全角空格 indents — the
 * editor indents paragraphs itself) and blank lines are dropped, so ProseMirror makes one paragraph per
 * line. Text that is blank altogether is left as it is.
 */
export function cleanPastedText(text: string): string {
  const lines = text
    .split(/\r\n|[\n\r\u2028\u2029]/)
    .map((line) => line.trim())
    .filter((line) => line !== '');
  return lines.length > 0 ? lines.join('\n') : text;
}

/** Drops leading whitespace from an inline run (recursing when a whole text node is whitespace). */
function trimInlineStart(content: Fragment): Fragment {
  const first = content.firstChild;
  if (!first || !first.isText) return content;
  const text = (first.text ?? '').replace(/^\s+/, '');
  if (text === first.text) return content;
  const rest = content.cut(first.nodeSize);
  return text === '' ? trimInlineStart(rest) : Fragment.from(first.type.schema.text(text, first.marks)).append(rest);
}

/** Marks a paste keeps: bold (the lead sentences such as 加强基层组织建设。); italic and underline are dropped. */
const KEPT_MARKS = new Set(['strong']);

/** Keeps only the kept marks on the inline nodes of a run. */
function keepMarks(content: Fragment): Fragment {
  const nodes: PMNode[] = [];
  content.forEach((node) => {
    const marks = node.marks.filter((m) => KEPT_MARKS.has(m.type.name));
    nodes.push(marks.length === node.marks.length ? node : node.mark(marks));
  });
  return Fragment.from(nodes);
}

/** Headings inside a section are the two levels the toolbar offers (一级 = 2, 二级 = 3). */
function clampHeading(node: PMNode): PMNode {
  if (node.type.name !== 'heading') return node;
  const level = Number(node.attrs['level']) || 2;
  const clamped = Math.min(3, Math.max(2, level));
  return clamped === level ? node : node.type.create({ ...node.attrs, level: clamped }, node.content, node.marks);
}

function cleanBlocks(content: Fragment): Fragment {
  const nodes: PMNode[] = [];
  content.forEach((node) => {
    if (node.isTextblock) nodes.push(clampHeading(node.copy(keepMarks(trimInlineStart(node.content)))));
    else if (node.isLeaf) nodes.push(node);
    else nodes.push(node.copy(cleanBlocks(node.content)));
  });
  return Fragment.from(nodes);
}

/**
 * Cleans a pasted slice block by block: removes typed indents (leading spaces and 全角空格 that Word
 * and WPS users put before each paragraph; the editor indents paragraphs by CSS), keeps bold and
 * drops italic and underline, and maps headings onto the section's two heading levels.
 */
export function cleanPastedSlice(slice: Slice): Slice {
  return new Slice(cleanBlocks(slice.content), slice.openStart, slice.openEnd);
}

/** Plugin applying the paste cleanups. */
export function pastePlugin(): Plugin {
  return new Plugin({
    key: new PluginKey('hegao-paste'),
    props: {
      transformPastedHTML: (html) => cleanPastedHtml(html),
      transformPastedText: (text) => cleanPastedText(text),
      transformPasted: (slice) => cleanPastedSlice(slice),
    },
  });
}
