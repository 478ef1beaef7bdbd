import { useCallback, useState } from 'react';

/** How the last copy went: null before any. */
export type CopyResult = 'copied' | 'failed' | null;

/**
 * Copies text to the clipboard on demand and remembers how it went (a page without clipboard
 * access, e.g. over plain HTTP on another host, reports `failed` so the user is told to copy by hand).
 */
export function useCopyText(clipboard: Pick<Clipboard, 'writeText'> | null = globalThis.navigator?.clipboard ?? null): [CopyResult, (text: string) => void] {
  const [result, setResult] = useState<CopyResult>(null);
  const copy = useCallback(
    (text: string) => {
      if (!clipboard) {
        setResult('failed');
        return;
      }
      clipboard.writeText(text).then(
        () => setResult('copied'),
        () => setResult('failed'),
      );
    },
    [clipboard],
  );
  return [result, copy];
}
