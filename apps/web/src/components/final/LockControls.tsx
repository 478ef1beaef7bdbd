import { useState } from 'react';
import type { FinalDraftSession } from '../../collab/FinalDraftSession';
import { useSectionCounts } from '../../hooks/useSectionSession';
import { ConfirmDialog } from '../workspace/ConfirmDialog';
import { UnlockDialog } from './UnlockDialog';

/** Props of {@link LockControls}. */
export interface LockControlsProps {
  /** 定稿 is offered (secretary, report 合稿中). */
  canLock: boolean;
  /** 解锁 is offered (secretary, report 已定稿). */
  canUnlock: boolean;
  /** The report's current version (the next lock makes version + 1). */
  version: number;
  final: FinalDraftSession | null;
  busy: 'merge' | 'lock' | 'unlock' | null;
  lockError: string;
  unlockError: string;
  onLock: () => void;
  /** Resolves true when the server accepted the unlock. */
  onUnlock: (reason: string) => Promise<boolean>;
  /** Forgets a failure when its dialog closes. */
  onClearError: () => void;
}

/** The office's 定稿 (with a confirmation) and 解锁 (with a required reason) buttons. */
export function LockControls(props: LockControlsProps) {
  const { canLock, canUnlock, version, final, busy, lockError, unlockError, onLock, onUnlock, onClearError } = props;
  const [dialog, setDialog] = useState<'lock' | 'unlock' | null>(null);

  return (
    <>
      {canLock && (
        <button type="button" className="button button--primary" data-testid="final-lock" disabled={busy !== null} onClick={() => setDialog('lock')}>
          {busy === 'lock' ? '正在定稿…' : '定稿'}
        </button>
      )}
      {canUnlock && (
        <button
          type="button"
          className="button"
          data-testid="final-unlock"
          disabled={busy !== null}
          onClick={() => {
            onClearError();
            setDialog('unlock');
          }}
        >
          解锁
        </button>
      )}
      {lockError && (
        <p className="final-panel__error final-header__error" role="alert" data-testid="final-lock-error">
          {lockError}
        </p>
      )}
      {dialog === 'lock' && (
        <LockDialog
          version={version}
          final={final}
          onConfirm={() => {
            setDialog(null);
            onLock();
          }}
          onCancel={() => setDialog(null)}
        />
      )}
      {dialog === 'unlock' && (
        <UnlockDialog
          version={version}
          busy={busy === 'unlock'}
          error={unlockError}
          onConfirm={async (reason) => {
            if (await onUnlock(reason)) setDialog(null);
          }}
          onCancel={() => {
            setDialog(null);
            onClearError();
          }}
        />
      )}
    </>
  );
}

/** 定稿 confirmation, warning about unfilled placeholders in the final draft. */
function LockDialog({ version, final, onConfirm, onCancel }: { version: number; final: FinalDraftSession | null; onConfirm: () => void; onCancel: () => void }) {
  const messages = [`定稿后，合稿将保存为第${version + 1}版，内容和 SHA-256 校验值不再改变；如需修改，须填写理由解锁。`];
  return final ? (
    <PlaceholderAwareDialog final={final} messages={messages} onConfirm={onConfirm} onCancel={onCancel} />
  ) : (
    <ConfirmDialog title="确认定稿" messages={messages} confirmLabel="确认定稿" onConfirm={onConfirm} onCancel={onCancel} />
  );
}

function PlaceholderAwareDialog({ final, messages, onConfirm, onCancel }: { final: FinalDraftSession; messages: string[]; onConfirm: () => void; onCancel: () => void }) {
  const { placeholders, samples } = useSectionCounts(final.session);
  const all =
    placeholders > 0
      ? [...messages, `合稿中还有 ${placeholders} 处待填数据（如“${samples.join('”“')}”），确认仍要定稿吗？`]
      : messages;
  return <ConfirmDialog title="确认定稿" messages={all} confirmLabel={placeholders > 0 ? '仍然定稿' : '确认定稿'} onConfirm={onConfirm} onCancel={onCancel} />;
}
