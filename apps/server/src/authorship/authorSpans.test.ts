import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { textWithRuns } from '@hegao/schema';
import { AuthorIndex } from './authorIndex.js';
import { SESSION_GAP_MS, authorSpans } from './authorSpans.js';

/** A paragraph typed by turns: [clientID, user, position, text, time]. */
function typed(steps: Array<[number, string, number, string, number]>) {
  const doc = new Y.Doc({ gc: false });
  const index = new AuthorIndex();
  let seq = 0;
  const paragraph = new Y.XmlElement('paragraph');
  const text = new Y.XmlText();
  doc.clientID = 1;
  let record = { userId: 'setup', bureauId: null as string | null, at: 0 };
  doc.on('update', (u: Uint8Array) => index.add(++seq, u, record));
  doc.transact(() => {
    doc.getXmlFragment('prosemirror').insert(0, [paragraph]);
    paragraph.insert(0, [text]);
  });
  for (const [client, user, pos, chars, at] of steps) {
    doc.clientID = client;
    record = { userId: user, bureauId: `${user}-bureau`, at };
    for (const [i, ch] of [...chars].entries()) text.insert(pos + i, ch); // one update per keystroke
  }
  return { doc, index };
}

describe('authorSpans', () => {
  it('joins one person’s keystrokes, splits where another person typed in between', () => {
    const { doc, index } = typed([
      [10, 'zhang', 0, '上半年经济', 1000],
      [20, 'li', 2, '全区', 2000],
      [10, 'zhang', 7, '平稳', 3000],
    ]);
    const { text, runs } = textWithRuns(doc.getXmlFragment('prosemirror'));
    expect(text).toBe('上半全区年经济平稳');
    const spans = authorSpans(runs, index).map((s) => [text.slice(s.start, s.end), s.record?.userId, s.record?.at]);
    expect(spans).toEqual([
      ['上半', 'zhang', 1000],
      ['全区', 'li', 2000],
      ['年经济平稳', 'zhang', 3000],
    ]);
  });

  it('splits one person’s text written in two sittings far apart', () => {
    const { doc, index } = typed([
      [10, 'zhang', 0, '第一次', 0],
      [10, 'zhang', 3, '第二次', SESSION_GAP_MS + 1],
    ]);
    const { text, runs } = textWithRuns(doc.getXmlFragment('prosemirror'));
    expect(authorSpans(runs, index).map((s) => text.slice(s.start, s.end))).toEqual(['第一次', '第二次']);
  });

  it('characters the log does not know get a span without a record', () => {
    const { doc } = typed([[10, 'zhang', 0, '无记录', 0]]);
    const { runs } = textWithRuns(doc.getXmlFragment('prosemirror'));
    expect(authorSpans(runs, new AuthorIndex())).toEqual([{ start: 0, end: 3, record: null }]);
  });
});
