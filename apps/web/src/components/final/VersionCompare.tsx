import { useEffect, useId, useMemo, useRef, useState } from 'react';
import type { VersionPoint } from '../../api/finalApi';
import { useVersionComparison } from '../../hooks/final/useVersionComparison';
import { useVersions } from '../../hooks/final/useVersions';
import { useToday } from '../../hooks/useToday';
import { VersionDiff } from './VersionDiff';
import { compareOptions, comparePair, parsePointValue, pointValue, type CompareOption } from './versionCompare';

/** Props of {@link VersionCompare}. */
export interface VersionCompareProps {
  reportId: string;
  /** The version the page shows. */
  version: number;
  /** Changes when the versions or the draft may have changed, which loads them again. */
  revision: string;
  /** Compared with at once (a link to …/versions/N/compare/M), scrolled to; null: nothing yet. */
  initial?: VersionPoint | null;
}

/** What is chosen first: the version before this one, else the current final draft. */
function initialChoice(options: readonly CompareOption[], version: number): string {
  return options.find((o) => o.point === version - 1)?.value ?? 'final';
}

/**
 * 对比 on a version page: choose another version or 当前合稿, and see what changed between them,
 * coloured by who changed it (earlier → later).
 */
export function VersionCompare({ reportId, version, revision, initial = null }: VersionCompareProps) {
  const selectId = useId();
  const now = useToday();
  const { versions } = useVersions(reportId, revision);
  const options = useMemo(() => compareOptions(versions ?? [], version), [versions, version]);
  const [choice, setChoice] = useState<string | null>(initial === null ? null : pointValue(initial));
  const [target, setTarget] = useState<VersionPoint | null>(initial);
  const section = useRef<HTMLElement>(null);
  useEffect(() => {
    // Opened by a link to the comparison: bring it into view (once).
    if (initial !== null) section.current?.scrollIntoView({ block: 'start' });
  }, [initial]);
  const value = choice ?? initialChoice(options, version);
  const pair = target === null ? null : comparePair(version, target);
  const comparison = useVersionComparison(reportId, pair, revision);

  const choose = (next: string) => {
    setChoice(next);
    // While a comparison is shown, choosing another point shows that one.
    if (target !== null) setTarget(parsePointValue(next));
  };

  return (
    <section ref={section} className="version-compare" data-testid="version-compare" aria-label="版本对比">
      <div className="version-compare__bar">
        <label className="version-compare__label" htmlFor={selectId}>
          第{version}版与
        </label>
        <select id={selectId} className="version-compare__select" data-testid="version-compare-target" value={value} onChange={(e) => choose(e.target.value)}>
          {options.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
        <button type="button" className="button button--primary" data-testid="version-compare-run" onClick={() => setTarget(parsePointValue(value))}>
          对比
        </button>
        {target !== null && (
          <button type="button" className="button" data-testid="version-compare-close" onClick={() => setTarget(null)}>
            关闭对比
          </button>
        )}
      </div>
      {pair && comparison.status === 'loading' && <p className="version-compare__note">正在对比…</p>}
      {pair && comparison.status === 'error' && (
        <p className="version-compare__error" role="alert">
          {comparison.error.message}{' '}
          <button type="button" className="final-link-button" onClick={comparison.reload}>
            重试
          </button>
        </p>
      )}
      {pair && comparison.status === 'ready' && comparison.data && (
        <VersionDiff key={`${comparison.data.from.version}|${comparison.data.to.version}`} comparison={comparison.data} now={now} />
      )}
    </section>
  );
}
