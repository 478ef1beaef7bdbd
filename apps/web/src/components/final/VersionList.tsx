import type { Version } from '../../api/finalApi';
import type { ApiError } from '../../api/ApiError';
import { versionCompareHref, versionHref } from '../../router/route';
import { formatDateTime, personName } from './formatTime';
import { shortHash } from './verifyVersion';

/** Props of {@link VersionList}. */
export interface VersionListProps {
  reportId: string;
  /** Oldest first, as the server sends them; null before the first load. */
  versions: readonly Version[] | null;
  /** The version the report is locked at now, if it is locked. */
  current: number | null;
  error: ApiError | null;
  onRetry: () => void;
}

/** 版本记录: every locked version, newest first, linking to its page and to 对比 with the one before and the current draft. */
export function VersionList({ reportId, versions, current, error, onRetry }: VersionListProps) {
  return (
    <section className="final-panel final-versions" data-testid="final-versions" aria-labelledby="final-versions-title">
      <h2 className="final-panel__title" id="final-versions-title">
        版本记录
      </h2>
      {error && versions === null && (
        <p className="final-panel__error" role="alert">
          {error.message}{' '}
          <button type="button" className="final-link-button" onClick={onRetry}>
            重试
          </button>
        </p>
      )}
      {versions === null && !error && <p className="final-panel__note">正在读取…</p>}
      {versions !== null && versions.length === 0 && <p className="final-panel__note">尚未定稿。定稿后，每一版都会记录在这里。</p>}
      {versions !== null && versions.length > 0 && (
        <ol className="final-versions__list" reversed>
          {[...versions].reverse().map((v) => (
            <li key={v.version}>
              <a
                className={v.version === current ? 'version-item version-item--current' : 'version-item'}
                href={versionHref(reportId, v.version)}
                data-testid="version-item"
                data-version={v.version}
                data-sha256={v.sha256}
              >
                <span className="version-item__head">
                  <strong>第{v.version}版</strong>
                  {v.version === current && <span className="version-item__tag">当前定稿</span>}
                  {v.unlockedAt && <span className="version-item__tag version-item__tag--unlocked">已解锁</span>}
                </span>
                <span className="version-item__hash" title={v.sha256}>
                  SHA-256 {shortHash(v.sha256)}…
                </span>
                <span className="version-item__meta">
                  定稿：{personName(v.lockedBy)} {formatDateTime(v.lockedAt)}
                </span>
                {v.unlockedAt && (
                  <span className="version-item__unlock">
                    解锁：{personName(v.unlockedBy)} {formatDateTime(v.unlockedAt)}
                    {v.unlockReason && <span className="version-item__reason">理由：{v.unlockReason}</span>}
                  </span>
                )}
              </a>
              <span className="version-item__compare">
                对比：
                {v.version > 1 && (
                  <a href={versionCompareHref(reportId, v.version, v.version - 1)} data-testid="version-compare-previous">
                    与第{v.version - 1}版
                  </a>
                )}
                <a href={versionCompareHref(reportId, v.version, 'final')} data-testid="version-compare-final">
                  与当前合稿
                </a>
              </span>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
