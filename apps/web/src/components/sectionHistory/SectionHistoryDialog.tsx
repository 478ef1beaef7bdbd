import { useCallback, useMemo, useState } from 'react';
import '../../styles/dialog.css';
import { useRestore, useSectionTimeline } from '../../hooks/workspace/useSectionTimeline';
import { orderPoints, timelineLine, togglePick, visibleEntries, type TimelineLine } from '../../model/sectionTimeline';
import { useModalDialog } from '../useModalDialog';
import { ConfirmDialog } from '../workspace/ConfirmDialog';
import { PastText, PointDiff } from './PointView';
import { TimelineList } from './TimelineList';
import './SectionHistory.css';

/** Props of {@link SectionHistoryDialog}. */
export interface SectionHistoryDialogProps {
  sectionId: string;
  /** （一）疫情防控 */
  label: string;
  /** Whether 恢复到此版本 is offered (the server decides again). */
  canRestore: boolean;
  onClose: () => void;
}

/**
 * 修改记录: the section's timeline beside the text at the chosen point, or the changes between two
 * picked points (or from one to now); 恢复到此版本 for those who may write the section.
 */
export function SectionHistoryDialog({ sectionId, label, canRestore, onClose }: SectionHistoryDialogProps) {
  const { titleId, dialogProps } = useModalDialog(onClose);
  const timeline = useSectionTimeline(sectionId);
  const [now, setNow] = useState(() => new Date());
  const [selected, setSelected] = useState<string | null>(null);
  const [picked, setPicked] = useState<string[]>([]);
  const [toNow, setToNow] = useState(false);
  const [confirm, setConfirm] = useState<TimelineLine | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  const lines = useMemo(() => (timeline.status === 'ready' ? visibleEntries(timeline.data.entries).map((e) => timelineLine(e, now)) : []), [timeline, now]);
  const current = lines.find((l) => l.key === selected) ?? lines[0] ?? null;
  // The newest entry holds the log's last seq: its text is the text now (nothing to compare or restore).
  const isNow = current !== null && lines.length > 0 && current.seq >= Math.max(...lines.map((l) => l.seq));
  const pickedLines = picked.map((k) => lines.find((l) => l.key === k)).filter((l): l is TimelineLine => !!l);
  const reload = timeline.reload;
  const onRestored = useCallback(() => {
    setSelected(null);
    setPicked([]);
    setToNow(false);
    setNow(new Date());
    reload();
  }, [reload]);
  const restore = useRestore(sectionId, onRestored);

  const select = (key: string) => {
    setSelected(key);
    setPicked([]);
    setToNow(false);
    setNotice(null);
  };

  return (
    <dialog {...dialogProps} className="dialog sh-dialog" data-testid="section-history">
      <header className="sh-dialog__header">
        <h2 id={titleId} className="dialog__title sh-dialog__title">
          修改记录<span className="sh-dialog__section">{label}</span>
        </h2>
        <button type="button" className="sh-link" onClick={() => { setNow(new Date()); reload(); }}>
          刷新
        </button>
        <button type="button" className="button sh-dialog__close" onClick={onClose} data-testid="section-history-close">
          关闭
        </button>
      </header>
      {timeline.status === 'loading' && <p className="sh-muted" role="status">正在读取修改记录…</p>}
      {timeline.status === 'error' && (
        <p className="sh-error" role="alert">
          {timeline.error.message}
          <button type="button" className="sh-link" onClick={reload}>
            重试
          </button>
        </p>
      )}
      {timeline.status === 'ready' && lines.length === 0 && <p className="sh-muted">本节还没有修改记录。</p>}
      {timeline.status === 'ready' && lines.length > 0 && (
        <div className="sh-dialog__body">
          <nav className="sh-dialog__list" aria-label="修改记录时间线">
            <p className="sh-hint">点选一条查看当时的内容；勾选两条“对比”查看其间的修改。</p>
            <TimelineList lines={lines} selected={pickedLines.length === 2 ? null : (current?.key ?? null)} picked={picked} onSelect={select} onPick={(k) => { setPicked((p) => togglePick(p, k)); setNotice(null); }} />
          </nav>
          <section className="sh-dialog__view" aria-live="polite">
            {notice && (
              <p className="sh-notice" role="status" data-testid="history-restored">
                {notice}
              </p>
            )}
            {restore.error && (
              <p className="sh-error" role="alert" data-testid="history-restore-error">
                {restore.error}
              </p>
            )}
            {pickedLines.length === 2 ? (
              <Compare sectionId={sectionId} lines={pickedLines as [TimelineLine, TimelineLine]} order={lines.map((l) => l.key)} now={now} />
            ) : (
              current && (
                <>
                  <div className="sh-view__head">
                    <h3 className="sh-view__title" data-testid="history-view-title">
                      {toNow && !isNow ? `${current.pointTime} 以来的修改` : `${current.pointTime} 的内容`}
                      <span className="sh-view__sub">
                        {current.kind === 'edit' ? `${current.person.label}编辑后` : `${current.person.label}${current.what}时`}
                      </span>
                    </h3>
                    <span className="sh-view__actions">
                      {pickedLines.length === 1 && <span className="sh-muted">再勾选一条即可对比</span>}
                      {isNow && <span className="sh-muted">即本节现在的内容</span>}
                      {!isNow && (
                        <button type="button" className="button" aria-pressed={toNow} onClick={() => setToNow((v) => !v)} data-testid="history-to-now">
                          {toNow ? '查看当时的内容' : '与现在对比'}
                        </button>
                      )}
                      {canRestore && !isNow && (
                        <button type="button" className="button button--primary" disabled={restore.busy} onClick={() => setConfirm(current)} data-testid="history-restore">
                          {restore.busy ? '正在恢复…' : '恢复到此版本'}
                        </button>
                      )}
                    </span>
                  </div>
                  {toNow && !isNow ? <PointDiff sectionId={sectionId} from={current.seq} to={null} now={now} /> : <PastText sectionId={sectionId} seq={current.seq} now={now} />}
                </>
              )
            )}
          </section>
        </div>
      )}
      {confirm && (
        <ConfirmDialog
          title="恢复到此版本"
          messages={[`将本节恢复到 ${confirm.pointTime} 的内容？恢复会作为一次新的修改记录在您名下，历史不会被删除。`]}
          confirmLabel="恢复"
          onCancel={() => setConfirm(null)}
          onConfirm={() => {
            const target = confirm;
            setConfirm(null);
            void restore.restore(target.seq).then((ok) => {
              if (ok) setNotice(`已将本节恢复到 ${target.pointTime} 的内容，编辑器中的文字已随之更新。`);
            });
          }}
        />
      )}
    </dialog>
  );
}

/** Two picked points: the changes from the earlier to the later. */
function Compare({ sectionId, lines, order, now }: { sectionId: string; lines: [TimelineLine, TimelineLine]; order: string[]; now: Date }) {
  const [from, to] = orderPoints(lines[0], lines[1], order);
  return (
    <>
      <div className="sh-view__head">
        <h3 className="sh-view__title" data-testid="history-view-title">
          对比：{from.pointTime} → {to.pointTime}
          <span className="sh-view__sub">
            {describe(from)} → {describe(to)}
          </span>
        </h3>
      </div>
      <PointDiff sectionId={sectionId} from={from.seq} to={to.seq} now={now} />
    </>
  );
}

function describe(line: TimelineLine): string {
  return line.kind === 'edit' ? `${line.person.label}编辑后` : `${line.what}时`;
}
