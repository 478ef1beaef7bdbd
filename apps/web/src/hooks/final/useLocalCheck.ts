import { useEffect, useState } from 'react';
import { verifyContent, type LocalCheck } from '../../components/final/verifyVersion';

/** The browser's own check of a version's hash: 'checking' until Web Crypto answers. */
export function useLocalCheck(content: unknown, sha256: string | null): LocalCheck | 'checking' {
  const [result, setResult] = useState<{ content: unknown; sha256: string | null; check: LocalCheck } | null>(null);
  useEffect(() => {
    if (sha256 === null) return;
    let current = true;
    void verifyContent(content, sha256).then((check) => {
      if (current) setResult({ content, sha256, check });
    });
    return () => {
      current = false;
    };
  }, [content, sha256]);
  return result && result.content === content && result.sha256 === sha256 ? result.check : 'checking';
}
