import { afterEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { SectionCounter } from './SectionCounter';

function append(fragment: Y.XmlFragment, text: string): void {
  const p = new Y.XmlElement('paragraph');
  p.insert(0, [new Y.XmlText(text)]);
  fragment.insert(fragment.length, [p]);
}

afterEach(() => {
  vi.useRealTimers();
});

describe('SectionCounter', () => {
  it('recounts at most every 300 ms while typing, ending with the last state', () => {
    vi.useFakeTimers();
    const fragment = new Y.Doc().getXmlFragment('prosemirror');
    const counter = new SectionCounter(fragment);
    append(fragment, '增长X%');
    expect(counter.store.get()).toMatchObject({ chars: 4, placeholders: 1 });
    append(fragment, '完成X亿元');
    // Within the interval: the display count waits.
    expect(counter.store.get()).toMatchObject({ chars: 4, placeholders: 1 });
    vi.advanceTimersByTime(300);
    expect(counter.store.get()).toMatchObject({ chars: 9, placeholders: 2 });
    counter.destroy();
  });

  it('measureNow counts the text as it is at once (the submit warnings), and updates the store', () => {
    vi.useFakeTimers();
    const fragment = new Y.Doc().getXmlFragment('prosemirror');
    const counter = new SectionCounter(fragment);
    append(fragment, '同比增长X%。');
    const p = fragment.get(0) as Y.XmlElement;
    const text = p.get(0) as Y.XmlText;
    // The figure is filled in right before the click.
    text.delete(4, 2);
    text.insert(4, '5.2%');
    expect(counter.measureNow()).toMatchObject({ placeholders: 0, chars: 9 });
    expect(counter.store.get()).toMatchObject({ placeholders: 0, chars: 9 });
    counter.destroy();
  });
});
