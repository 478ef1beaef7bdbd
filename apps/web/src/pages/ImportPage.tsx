import { useCallback, useMemo, useRef, useState } from 'react';
import type { ImportPreview, ImportWarning } from '@hegao/contract';
import { toApiError } from '../api/ApiError';
import { createImportsApi } from '../api/imports';
import { ErrorState } from '../components/ErrorState';
import { ImportChecks } from '../components/import/ImportChecks';
import { ImportMetaForm } from '../components/import/ImportMetaForm';
import { ImportOutlineEditor } from '../components/import/ImportOutlineEditor';
import { ImportSourceStep } from '../components/import/ImportSourceStep';
import { ImportSourceView } from '../components/import/ImportSourceView';
import { clearReview, loadReview, loadText, saveReview, saveText, type SavedReview } from '../components/import/importDraft';
import type { EditNotice, SectionRowActions } from '../components/import/ImportSectionRow';
import { createAccess } from '../hooks/office/officeAccess';
import { useBureaus } from '../hooks/office/useBureaus';
import { useDocumentTitle } from '../hooks/useDocumentTitle';
import { useMe } from '../hooks/useMe';
import {
  createInput,
  demote,
  indexOf,
  joinPrevious,
  lineRoles,
  markNotPart,
  outlineFromPreview,
  outlineProblems,
  outlineSummary,
  previewSectionKey,
  promote,
  rename,
  restore,
  setBureaus,
  splitAt,
  type DraftOutline,
  type EditResult,
  type ImportMeta,
  type RemovedEntry,
} from '../model/importOutline';
import { navigate } from '../router/navigate';
import { REPORTS_HREF, reportHref } from '../router/route';
import { session } from '../session/session';
import './ImportPage.css';

const importsApi = createImportsApi({
  onUnauthorized: () => {
    void session.load();
  },
});

function metaFromPreview(preview: ImportPreview): ImportMeta {
  // The source's hash goes back with the report, for its import event.
  return {
    title: preview.title,
    period: preview.period,
    kind: preview.kind,
    dueDate: '',
    sourceName: preview.sourceName,
    sourceSha256: preview.sourceSha256,
  };
}

/** 导入报告: paste or upload an existing report, check and fix the outline the importer found, create the report. */
export function ImportPage() {
  useDocumentTitle('导入报告');
  const me = useMe();
  const access = createAccess(me);
  const bureaus = useBureaus();

  const [text, setText] = useState(loadText);
  const [file, setFile] = useState<File | null>(null);
  const [parsing, setParsing] = useState(false);
  const [parseError, setParseError] = useState<string | null>(null);
  const [review, setReviewState] = useState<SavedReview | null>(loadReview);
  const [selected, setSelected] = useState<string | null>(null);
  const [focusLine, setFocusLine] = useState<{ line: number; seq: number } | null>(null);
  const [notice, setNotice] = useState<EditNotice | null>(null);
  const [creating, setCreating] = useState(false);
  const [createError, setCreateError] = useState<string | null>(null);
  const [showProblems, setShowProblems] = useState(false);
  const seq = useRef(0);

  const setReview = useCallback((next: SavedReview | null) => {
    setReviewState(next);
    if (next) saveReview(next);
    else clearReview();
  }, []);

  const dismissNotice = useCallback(() => setNotice(null), []);

  const changeText = useCallback((value: string) => {
    setText(value);
    saveText(value);
  }, []);

  async function parse() {
    setParsing(true);
    setParseError(null);
    try {
      const preview = await importsApi.preview(file ? { file } : { text });
      setReview({ preview, outline: outlineFromPreview(preview), meta: metaFromPreview(preview) });
      setSelected(null);
      setNotice(null);
      setCreateError(null);
      setShowProblems(false);
    } catch (error) {
      setParseError(toApiError(error).message);
    } finally {
      setParsing(false);
    }
  }

  // Edits go through the pure model; a refusal is shown, never applied.
  const reviewRef = useRef(review);
  reviewRef.current = review;
  // `key`: the section the edit was made on, where its refusal or note is shown.
  const apply = useCallback(
    (edit: (outline: DraftOutline) => EditResult, key: string | null, quiet = false) => {
      const current = reviewRef.current;
      if (!current) return;
      const result = edit(current.outline);
      if (!result.ok) {
        setNotice({ text: result.message, tone: 'error', key });
        return;
      }
      setReview({ ...current, outline: result.outline });
      if (!quiet) setNotice(result.notice ? { text: result.notice, tone: 'info', key } : null);
    },
    [setReview],
  );

  const actions = useMemo<SectionRowActions>(
    () => ({
      select: (key) => setSelected(key),
      rename: (key, title) => apply((o) => rename(o, key, title), key, true),
      promote: (key) => {
        setSelected(key);
        apply((o) => promote(o, key), key);
      },
      demote: (key) => {
        setSelected(key);
        apply((o) => demote(o, key), key);
      },
      join: (key) => {
        const current = reviewRef.current;
        const i = current ? indexOf(current.outline, key) : -1;
        const previous = i > 0 ? current?.outline.sections[i - 1]?.key : undefined;
        apply((o) => joinPrevious(o, key), previous ?? key);
        if (previous) setSelected(previous);
      },
      remove: (key) => apply((o) => markNotPart(o, key), null),
      split: (key, blockIndex, mode) => {
        setSelected(key);
        apply((o) => splitAt(o, key, blockIndex, mode), key);
      },
      setBureaus: (key, ids) => apply((o) => setBureaus(o, key, ids), key, true),
    }),
    [apply],
  );

  if (!access.allowed) {
    return (
      <main className="page import-page">
        <ErrorState title="无法导入报告" message={access.reason}>
          <a className="button" href={REPORTS_HREF}>
            返回报告列表
          </a>
        </ErrorState>
      </main>
    );
  }

  if (!review) {
    return (
      <main className="page import-page import-page--source">
        <a className="import-page__back" href={REPORTS_HREF}>
          <span aria-hidden="true">←</span> 返回报告列表
        </a>
        <h1 className="import-page__title">导入报告</h1>
        <p className="import-page__lead">把已有的报告（Word 文件或从网页、文档复制的文字）导入合稿：系统识别标题层级和正文，您确认大纲、分配承办部门后即可创建报告。</p>
        <ol className="import-steps" aria-label="步骤">
          <li className="import-steps__step import-steps__step--current">1 提供原文</li>
          <li className="import-steps__step">2 确认大纲</li>
          <li className="import-steps__step">3 创建报告</li>
        </ol>
        <ImportSourceStep text={text} onTextChange={changeText} file={file} onFileChange={setFile} parsing={parsing} error={parseError} onParse={() => void parse()} />
      </main>
    );
  }

  const { preview, outline, meta } = review;
  const roles = lineRoles(outline);
  const summary = outlineSummary(outline);
  const problems = outlineProblems(outline, meta);
  const warningKey = (w: ImportWarning) => (w.section === undefined ? null : previewSectionKey(w.section));
  const warningOpen = (w: ImportWarning) => {
    const key = warningKey(w);
    return key === null || indexOf(outline, key) >= 0;
  };
  const warningsByKey = new Map<string, string[]>();
  for (const w of preview.warnings) {
    const key = warningKey(w);
    if (key !== null) warningsByKey.set(key, [...(warningsByKey.get(key) ?? []), w.message]);
  }

  function showLine(line: number) {
    seq.current += 1;
    setFocusLine({ line, seq: seq.current });
  }

  function onWarning(w: ImportWarning) {
    const key = warningKey(w);
    if (key !== null && indexOf(outline, key) >= 0) {
      setSelected(key);
      setNotice(null);
    } else if (key !== null) {
      setNotice({ text: '该章节已合并、拆分或删除', tone: 'info', key: null });
    }
    if (w.line !== undefined) showLine(w.line);
  }

  function onShowRemoved(entry: RemovedEntry) {
    const line = entry.kind === 'line' ? entry.line : (entry.sections[0]?.line ?? entry.sections[0]?.body.find((b) => b.line !== null)?.line ?? null);
    if (line !== null && line !== undefined) showLine(line);
  }

  async function create() {
    if (!review || creating) return;
    if (problems.length > 0) {
      setShowProblems(true);
      return;
    }
    setCreating(true);
    setCreateError(null);
    try {
      const { id } = await importsApi.createReport(createInput(outline, meta));
      setReview(null);
      saveText('');
      navigate(reportHref(id));
    } catch (error) {
      setCreateError(toApiError(error).message);
      setCreating(false);
    }
  }

  function startOver() {
    if (!window.confirm('返回修改原文将放弃对大纲的调整，确定吗？')) return;
    setReview(null);
    setSelected(null);
    setNotice(null);
  }

  const bureauList = bureaus.status === 'ready' ? bureaus.data : null;

  return (
    <main className="page import-page import-page--review">
      <div className="import-page__top">
        <div>
          <a className="import-page__back" href={REPORTS_HREF}>
            <span aria-hidden="true">←</span> 返回报告列表
          </a>
          <h1 className="import-page__title">导入报告：确认大纲</h1>
        </div>
        <button type="button" className="button" data-testid="import-back" onClick={startOver} disabled={creating}>
          返回修改原文
        </button>
      </div>

      <ImportMetaForm meta={meta} onChange={(next) => setReview({ ...review, meta: next })} disabled={creating} />

      <ImportChecks
        warnings={preview.warnings}
        warningOpen={warningOpen}
        onWarning={onWarning}
        removed={outline.removed}
        onShowRemoved={onShowRemoved}
        onRestore={(entry) => apply((o) => restore(o, entry.key), null)}
      />

      <div className="import-columns">
        <ImportOutlineEditor
          outline={outline}
          selectedKey={selected}
          warningsByKey={warningsByKey}
          bureaus={bureauList}
          bureauError={bureaus.status === 'error' ? bureaus.error.message : null}
          notice={notice}
          onDismissNotice={dismissNotice}
          actions={actions}
        />
        <ImportSourceView lines={outline.lines} roles={roles} selectedKey={selected} focusLine={focusLine} onSelectSection={setSelected} sourceName={preview.sourceName} reportTitle={preview.title} />
      </div>

      <div className="import-createbar" data-testid="import-createbar">
        <p className="import-createbar__summary" data-testid="import-summary" data-sections={summary.sections} data-bureaus={summary.bureaus}>
          共 <strong>{summary.sections}</strong> 个章节（其中 {summary.leaves} 个需撰写），<strong>{summary.bureaus}</strong> 个已分配部门
          {summary.assignedLeaves < summary.leaves && <span className="import-createbar__unassigned">，{summary.leaves - summary.assignedLeaves} 个章节尚未分配</span>}
        </p>
        {((showProblems && problems.length > 0) || createError) && (
          <p className="import-error" role="alert" data-testid="import-create-error">
            {createError ?? problems.join('；')}
          </p>
        )}
        <button type="button" className="button button--primary button--large" data-testid="import-create" onClick={() => void create()} disabled={creating}>
          {creating ? '正在创建…' : '创建报告'}
        </button>
      </div>
    </main>
  );
}
