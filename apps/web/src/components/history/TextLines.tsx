/** Stored plain text shown line by line (one paragraph per line), or `empty` when it has none. */
export function TextLines({ text, empty }: { text: string; empty: string }) {
  if (text.trim() === '') return <p className="history-deleted__note">{empty}</p>;
  return (
    <>
      {text.split('\n').map((line, i) => (
        <p key={i} className="history-deleted__line">
          {line}
        </p>
      ))}
    </>
  );
}
