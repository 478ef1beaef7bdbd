// @vitest-environment happy-dom
import { act, createElement } from 'react';
import { describe, expect, it, vi } from 'vitest';
import { setupTestRoot } from '../testRoot';
import { useCopyText, type CopyResult } from './useCopyText';

const { render } = setupTestRoot();

function mount(clipboard: Pick<Clipboard, 'writeText'> | null) {
  let latest!: [CopyResult, (text: string) => void];
  function Probe() {
    latest = useCopyText(clipboard);
    return null;
  }
  render(createElement(Probe));
  return () => latest;
}

describe('useCopyText', () => {
  it('writes the text and reports copied', async () => {
    const writeText = vi.fn(async () => undefined);
    const hook = mount({ writeText });
    expect(hook()[0]).toBeNull();
    await act(async () => hook()[1]('本节文字'));
    expect(writeText).toHaveBeenCalledWith('本节文字');
    expect(hook()[0]).toBe('copied');
  });

  it('reports failed when the browser refuses', async () => {
    const refused = mount({ writeText: vi.fn(async () => Promise.reject(new Error('denied'))) });
    await act(async () => refused()[1]('x'));
    expect(refused()[0]).toBe('failed');
  });

  it('reports failed at once without a clipboard', async () => {
    const none = mount(null);
    await act(async () => none()[1]('x'));
    expect(none()[0]).toBe('failed');
  });
});
