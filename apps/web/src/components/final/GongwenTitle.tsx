import { Fragment } from 'react';
import { breakTitle } from '@hegao/schema';

/**
 * The report title over the final draft or a version: centred 小标宋 (finalDoc.css), with break
 * opportunities (<wbr>) where the .docx breaks it; printed, it breaks only there (gongwenPrint.css).
 */
export function GongwenTitle({ title }: { title: string }) {
  return (
    <h1 className="final-doc__title">
      {breakTitle(title).map((line, i) => (
        <Fragment key={i}>
          {i > 0 && <wbr />}
          {line}
        </Fragment>
      ))}
    </h1>
  );
}
