import { isAuthentic, type LocalCheck } from './verifyVersion';

/** Props of {@link VerifiedBadge}. */
export interface VerifiedBadgeProps {
  /** The server recomputed the hash from the stored content and it matched. */
  serverVerified: boolean;
  /** The browser's own recomputation. */
  local: LocalCheck | 'checking';
}

const LOCAL_TEXT: Record<LocalCheck | 'checking', string> = {
  ok: '本机重新计算一致',
  mismatch: '本机重新计算不一致',
  unavailable: '本机无法计算（浏览器不支持）',
  checking: '本机正在计算…',
};

/** 校验通过 / 校验失败, with what each check said. */
export function VerifiedBadge({ serverVerified, local }: VerifiedBadgeProps) {
  const ok = isAuthentic(serverVerified, local);
  return (
    <span className="version-verified">
      <span className={ok ? 'version-badge version-badge--ok' : 'version-badge version-badge--bad'} data-testid="version-verified" data-verified={String(ok)}>
        {ok ? '校验通过' : '校验失败'}
      </span>
      <span className="version-verified__detail">
        服务器{serverVerified ? '校验一致' : '校验不一致'} · {LOCAL_TEXT[local]}
        {!ok && '。该版本的存储内容与定稿时的校验值不符，可能已被改动，不能作为定稿依据。'}
      </span>
    </span>
  );
}
