import { useLayoutEffect, useMemo, useRef } from 'react';
import type { PMJSON } from '@hegao/schema';
import { parseVersionContent, renderVersionDOM, textParagraphs } from './versionRender';

/** Props of {@link VersionDocument}. */
export interface VersionDocumentProps {
  content: PMJSON | null;
  /** Plain text of the version, shown when the content cannot be rendered. */
  text: string;
}

/**
 * A locked version's text, rendered statically through the schema's toDOM (no editor: nothing can
 * change it here). Falls back to the plain text when the stored content cannot be read.
 */
export function VersionDocument({ content, text }: VersionDocumentProps) {
  const parsed = useMemo(() => parseVersionContent(content), [content]);
  const host = useRef<HTMLDivElement>(null);

  useLayoutEffect(() => {
    const element = host.current;
    if (!element || !parsed.ok) return;
    element.replaceChildren(renderVersionDOM(parsed.doc, element.ownerDocument));
  }, [parsed]);

  if (!parsed.ok) {
    return (
      <div className="version-doc" data-testid="version-content" data-rendered="text">
        <p className="version-doc__warning" role="alert">
          {parsed.reason}，以下为该版本的纯文本。
        </p>
        {textParagraphs(text).map((line, i) => (
          <p key={i}>{line}</p>
        ))}
      </div>
    );
  }
  return <div ref={host} className="version-doc" data-testid="version-content" data-rendered="document" />;
}
