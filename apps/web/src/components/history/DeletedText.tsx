import { useState } from 'react';
import { useSectionTexts } from '../../hooks/useSectionTexts';
import { TextLines } from './TextLines';
import './History.css';

/** Props of {@link DeletedText}. */
export interface DeletedTextProps {
  /** The deleted section first, then its sub-sections deleted with it. */
  sectionIds: readonly string[];
}

/**
 * 「查看删除时的内容」: a closed block under a deletion that, once opened, loads and shows the text each
 * deleted section held (read back from the server's stored document).
 */
export function DeletedText({ sectionIds }: DeletedTextProps) {
  const [open, setOpen] = useState(false);
  const texts = useSectionTexts(sectionIds, open);
  return (
    <details className="history-deleted" data-testid="history-deleted-text" onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary className="history-deleted__summary">查看删除时的内容</summary>
      <div className="history-deleted__body">
        {texts.status === 'loading' && <p className="history-deleted__note">正在读取…</p>}
        {texts.status === 'error' && (
          <p className="history-deleted__note history-deleted__note--error" role="alert">
            读取失败：{texts.error.message}
            <button type="button" className="history-deleted__retry" onClick={texts.reload}>
              重试
            </button>
          </p>
        )}
        {texts.status === 'ready' &&
          (texts.data.every((t) => t.text.trim() === '') ? (
            <p className="history-deleted__note">删除时没有内容。</p>
          ) : (
            texts.data
              .filter((t, i) => i === 0 || t.text.trim() !== '')
              .map((t) => (
                <section key={t.id} className="history-deleted__section">
                  {texts.data.length > 1 && (
                    <h4 className="history-deleted__title">
                      {t.title}
                      <span className="history-deleted__chars">{t.chars} 字</span>
                    </h4>
                  )}
                  <TextLines text={t.text} empty="（无内容）" />
                </section>
              ))
          ))}
      </div>
    </details>
  );
}
