import { useEffect } from 'react';

/** Sets the browser tab title to `<title> - 合稿` while the component is shown. */
export function useDocumentTitle(title: string | null): void {
  useEffect(() => {
    document.title = title ? `${title} - 合稿` : '合稿';
  }, [title]);
}
