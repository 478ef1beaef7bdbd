import { versionHref } from '../../router/route';

/** Props of {@link LockedBanner}. */
export interface LockedBannerProps {
  reportId: string;
  version: number;
  /** The version's SHA-256; null while it is being read (the banner then waits). */
  sha256: string | null;
  lockedBy: string | null;
  lockedAt: string;
}

/** 「已定稿 第N版 SHA-256: …」 shown while the report is locked. */
export function LockedBanner({ reportId, version, sha256, lockedBy, lockedAt }: LockedBannerProps) {
  if (sha256 === null) {
    return (
      <section className="final-panel final-locked final-locked--pending" role="status">
        <span className="final-locked__seal" aria-hidden="true">定</span>
        <p className="final-locked__title">已定稿 第{version}版</p>
      </section>
    );
  }
  return (
    <section className="final-panel final-locked" data-testid="final-locked" data-version={version} data-sha256={sha256} role="status">
      <span className="final-locked__seal" aria-hidden="true">定</span>
      <div className="final-locked__text">
        <p className="final-locked__title">
          已定稿 第{version}版
          {lockedBy && (
            <span className="final-locked__by">
              {lockedBy} {lockedAt}
            </span>
          )}
        </p>
        <p className="final-locked__hash">
          SHA-256: <code>{sha256}</code>
        </p>
        <p className="final-panel__note">合稿已锁定，任何人都不能再修改。如需修改，办公室可填写理由解锁，再次定稿将成为第{version + 1}版。</p>
      </div>
      <a className="button" href={versionHref(reportId, version)}>
        查看定稿文本
      </a>
    </section>
  );
}
