import { useReducer } from 'react';
import { api } from '../api/api';
import type { VersionPoint } from '../api/finalApi';
import { ErrorState } from '../components/ErrorState';
import { ExportButtons } from '../components/export/ExportButtons';
import { LoadingState } from '../components/LoadingState';
import { VerifiedBadge } from '../components/final/VerifiedBadge';
import { VersionCompare } from '../components/final/VersionCompare';
import { VersionDocument } from '../components/final/VersionDocument';
import { GongwenTitle } from '../components/final/GongwenTitle';
import { formatDateTime, personName } from '../components/final/formatTime';
import { isAuthentic } from '../components/final/verifyVersion';
import { useLocalCheck } from '../hooks/final/useLocalCheck';
import { useVersion } from '../hooks/final/useVersion';
import { useDocumentTitle } from '../hooks/useDocumentTitle';
import { useReportEvents } from '../hooks/useReportEvents';
import { useResource } from '../hooks/useResource';
import { REPORTS_HREF, reportPageHref } from '../router/route';
import '../components/PageNav.css';
import '../components/final/VersionPage.css';
import '../styles/gongwenPrint.css';

/**
 * A locked version `#/reports/:id/versions/:n`: its text exactly as locked (static, never editable),
 * its number, full SHA-256 and whether it still verifies, who locked it and when, any unlock, 对比
 * with another version or the current final draft, 下载 Word (the .docx in the 公文 layout) and 打印
 * in the official document style.
 */
export function VersionPage({ id, version, compare }: { id: string; version: number; /** 对比 opened against this (from the address). */ compare?: VersionPoint }) {
  const [revision, bump] = useReducer((n: number) => n + 1, 0);
  // An unlock is recorded on the version: load it again when the report's state changes.
  useReportEvents(id, (event) => {
    if (event.type === 'report.status') bump();
  });
  const report = useResource(`report|${id}`, (signal) => api.getReport(id, signal));
  const { resource, version: data } = useVersion(id, version, String(revision));
  const local = useLocalCheck(data?.content ?? null, data?.sha256 ?? null);
  const title = report.status === 'ready' ? report.data.title : '';
  useDocumentTitle(title ? `第${version}版 - ${title}` : `第${version}版`);

  return (
    <main className="page version-page">
      <nav className="version-page__nav" aria-label="导航">
        <a className="page-nav__back" href={reportPageHref(id, 'final')}>
          <span aria-hidden="true">←</span> 返回合稿
        </a>
        {data && (
          <span className="version-page__exports">
            <ExportButtons base={`/api/reports/${encodeURIComponent(id)}/versions/${version}/export`} testId="version-export" />
            <button type="button" className="button" data-testid="version-print" onClick={() => window.print()}>
              打印
            </button>
          </span>
        )}
      </nav>

      {!data && resource.status === 'loading' && <LoadingState label="正在读取定稿版本…" rows={1} />}
      {!data && resource.status === 'error' && (
        <ErrorState title={resource.error.status === 404 ? '没有这一版' : '无法读取该版本'} message={resource.error.message} onRetry={resource.status === 'error' && resource.error.status !== 404 ? resource.reload : undefined}>
          <a className="button" href={resource.error.status === 403 ? REPORTS_HREF : reportPageHref(id, 'final')}>
            {resource.error.status === 403 ? '返回报告列表' : '返回合稿'}
          </a>
        </ErrorState>
      )}

      {data && (
        <>
          <section className="version-meta" data-testid="version-meta" data-version={data.version} data-authentic={String(isAuthentic(data.verified, local))} aria-label="版本信息">
            <div className="version-meta__head">
              <h1 className="version-meta__title">
                <span data-testid="version-number">第{data.version}版</span> 定稿
              </h1>
              <VerifiedBadge serverVerified={data.verified} local={local} />
            </div>
            {title && <p className="version-meta__report">{title}</p>}
            <dl className="version-meta__list">
              <div>
                <dt>版本号</dt>
                <dd>第{data.version}版</dd>
              </div>
              <div>
                <dt>定稿人</dt>
                <dd data-testid="version-locked-by">
                  {personName(data.lockedBy)} · {formatDateTime(data.lockedAt)}
                </dd>
              </div>
              <div className="version-meta__wide">
                <dt>SHA-256</dt>
                <dd>
                  <code className="version-meta__hash" data-testid="version-sha256">
                    {data.sha256}
                  </code>
                </dd>
              </div>
              {data.chainHead && (
                <div className="version-meta__wide">
                  <dt>记录链校验值</dt>
                  <dd data-testid="version-chain-head">
                    <code className="version-meta__hash" title={data.chainHead}>
                      {data.chainHead.slice(0, 12)}…
                    </code>
                    （锁定时）
                  </dd>
                </div>
              )}
              <div className="version-meta__wide">
                <dt>解锁</dt>
                <dd data-testid="version-unlock" data-unlocked={String(data.unlockedAt !== null)}>
                  {data.unlockedAt ? (
                    <>
                      {personName(data.unlockedBy)} 于 {formatDateTime(data.unlockedAt)} 解锁
                      {data.unlockReason && <span className="version-meta__reason">理由：{data.unlockReason}</span>}
                    </>
                  ) : (
                    '未解锁'
                  )}
                </dd>
              </div>
            </dl>
          </section>

          <VersionCompare key={String(compare ?? '')} reportId={id} version={data.version} revision={String(revision)} initial={compare ?? null} />

          <article className="final-paper version-paper" aria-label={`第${data.version}版正文`}>
            <div className="final-doc">
              {title && <GongwenTitle title={title} />}
              <VersionDocument content={data.content} text={data.text} />
            </div>
            <footer className="version-paper__footer">
              第{data.version}版 · {personName(data.lockedBy)}定稿于{formatDateTime(data.lockedAt)} · SHA-256 {data.sha256}
            </footer>
          </article>
        </>
      )}
    </main>
  );
}
