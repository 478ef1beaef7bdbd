import './ReturnReason.css';

/** 「退回理由：…」 — why the office returned the section, shown to everyone while it is 已退回. */
export function ReturnReason({ reason }: { reason: string }) {
  return (
    <p className="return-reason" role="note" data-testid="section-return-reason">
      <span className="return-reason__label">退回理由：</span>
      <span className="return-reason__text">{reason}</span>
    </p>
  );
}
