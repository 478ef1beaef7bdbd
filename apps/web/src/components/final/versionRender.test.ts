// @vitest-environment happy-dom
import { composeFinal } from '@hegao/schema';
import type { PMJSON } from '@hegao/schema';
import { describe, expect, it } from 'vitest';
import { parseVersionContent, renderVersionDOM, textParagraphs } from './versionRender';

const section: PMJSON = {
  type: 'doc',
  content: [
    { type: 'paragraph', content: [{ type: 'text', text: '加强基层组织建设。', marks: [{ type: 'strong' }] }, { type: 'text', text: '全年新建<script>alert(1)</script>党组织X个。' }] },
    { type: 'bullet_list', content: [{ type: 'list_item', content: [{ type: 'paragraph', content: [{ type: 'text', text: '一条' }] }] }] },
    {
      type: 'table',
      content: [{ type: 'table_row', content: [{ type: 'table_cell', attrs: { colspan: 2, rowspan: 1 }, content: [{ type: 'paragraph', content: [{ type: 'text', text: '指标' }] }] }] }],
    },
  ],
};

const final = composeFinal([
  { sectionId: 'h1', number: '一、', title: '上半年工作完成情况', level: 1, numbered: true, content: { type: 'doc', content: [{ type: 'paragraph' }] } },
  { sectionId: 's2', number: '（一）', title: '党的建设', level: 2, numbered: true, content: section },
]);

function render(content: PMJSON): HTMLElement {
  const parsed = parseVersionContent(content);
  if (!parsed.ok) throw new Error(parsed.reason);
  const host = document.createElement('div');
  host.append(renderVersionDOM(parsed.doc, document));
  return host;
}

describe('renderVersionDOM', () => {
  it('renders headings at their level, with data-source on every top-level block', () => {
    const host = render(final);
    const headings = [...host.querySelectorAll('h1, h2')].map((h) => [h.tagName, h.textContent, h.getAttribute('data-source')]);
    expect(headings).toEqual([
      ['H1', '一、上半年工作完成情况', 'h1'],
      ['H2', '（一）党的建设', 's2'],
    ]);
    for (const child of host.children) expect(child.getAttribute('data-source')).not.toBeNull();
  });

  it('keeps bold lead sentences, lists and tables', () => {
    const host = render(final);
    expect(host.querySelector('p strong')?.textContent).toBe('加强基层组织建设。');
    expect(host.querySelector('ul[data-source="s2"] li p')?.textContent).toBe('一条');
    expect(host.querySelector('table td')?.getAttribute('colspan')).toBe('2');
  });

  it('sets text as text: markup in stored content is not parsed', () => {
    const host = render(final);
    expect(host.querySelector('script')).toBeNull();
    expect(host.textContent).toContain('<script>alert(1)</script>');
  });
});

describe('parseVersionContent', () => {
  it('refuses missing content, a non-doc node and unknown node types', () => {
    expect(parseVersionContent(null).ok).toBe(false);
    expect(parseVersionContent({ type: 'paragraph' }).ok).toBe(false);
    expect(parseVersionContent({ type: 'doc', content: [{ type: 'video' }] }).ok).toBe(false);
    expect(parseVersionContent({ type: 'doc', content: [] }).ok).toBe(false);
  });

  it('accepts composed final drafts', () => {
    expect(parseVersionContent(final).ok).toBe(true);
  });
});

describe('textParagraphs', () => {
  it('splits plain text into non-empty lines', () => {
    expect(textParagraphs('一、总体\n\n正文。\n ')).toEqual(['一、总体', '正文。']);
  });
});
