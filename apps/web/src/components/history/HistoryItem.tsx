import type { HistoryEntry } from '../../api/historyApi';
import { sectionHref, versionHref } from '../../router/route';
import { actorLabel, describeEvent, sentenceText, type SentenceContext, type SentencePart } from '../../model/historySentence';
import { deletedIds, replacedEdits, timeOfDay } from '../../model/historyView';
import { DeletedText } from './DeletedText';
import { TextLines } from './TextLines';
import './History.css';

/** Props of {@link HistoryItem}. */
export interface HistoryItemProps {
  reportId: string;
  entry: HistoryEntry;
  context: SentenceContext;
}

/** One line of the history: HH:mm, who (and their bureau), what happened, the reason, and a deletion's text. */
export function HistoryItem({ reportId, entry, context }: HistoryItemProps) {
  const sentence = describeEvent(entry, context);
  const actor = actorLabel(entry.actor);
  const removed = deletedIds(entry);
  const replaced = replacedEdits(entry);
  return (
    <li className={`history-item history-item--${entry.type.replace(/\W/g, '-')}`} data-testid="history-entry" data-type={entry.type} data-section-id={entry.sectionId ?? ''}>
      <time className="history-item__time" dateTime={entry.at}>
        {timeOfDay(entry.at)}
      </time>
      <div className="history-item__body">
        <p className="history-item__line" title={sentenceText(sentence)}>
          <span className="history-item__actor">{actor.name}</span>
          {actor.bureau && <span className="history-item__bureau">{actor.bureau}</span>}
          <span className="history-item__what" data-testid="history-sentence">
            {sentence.parts.map((part, i) => (
              <Part key={i} part={part} reportId={reportId} />
            ))}
          </span>
        </p>
        {sentence.reason !== null && (
          <p className="history-item__reason" data-testid="history-reason">
            理由：{sentence.reason}
          </p>
        )}
        {removed.length > 0 && entry.detail['chars'] !== 0 && <DeletedText sectionIds={removed} />}
        {replaced.length > 0 && (
          <details className="history-deleted" data-testid="history-replaced-edits">
            <summary className="history-deleted__summary">查看被替换的办公室修改</summary>
            <div className="history-deleted__body">
              {replaced.map((r) => (
                <section key={r.sectionId} className="history-deleted__section">
                  <h4 className="history-deleted__title">{sectionName(context, r.sectionId, r.title)}</h4>
                  <TextLines text={r.text} empty="（办公室已删去本节的全部内容）" />
                </section>
              ))}
            </div>
          </details>
        )}
      </div>
    </li>
  );
}

/** A section as it is named now (`（一）疫情防控`), or by the title an event recorded once it is gone. */
function sectionName(context: SentenceContext, sectionId: string, recorded: string): string {
  const live = context.sections.get(sectionId);
  return live ? `${live.number}${live.title}` : recorded;
}

function Part({ part, reportId }: { part: SentencePart; reportId: string }) {
  if (part.kind === 'text') return <>{part.text}</>;
  if (part.kind === 'version') {
    return (
      <a className="history-item__link" href={versionHref(reportId, part.version)}>
        {part.text}
      </a>
    );
  }
  if (!part.live) {
    return (
      <span className="history-item__section history-item__section--deleted">
        「{part.title}」<span className="history-item__gone">已删除</span>
      </span>
    );
  }
  return (
    <a className="history-item__section history-item__link" href={sectionHref(reportId, part.sectionId)} data-testid="history-section-link" title="转到报告中的这一节">
      「{part.title}」
    </a>
  );
}
