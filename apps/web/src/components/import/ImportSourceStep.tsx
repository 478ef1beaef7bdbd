import { useId, useRef, useState, type DragEvent, type FormEvent } from 'react';
import { IMPORT_MAX_FILE_BYTES } from '@hegao/import/limits';
import './import.css';

/** Props of {@link ImportSourceStep}. */
export interface ImportSourceStepProps {
  text: string;
  onTextChange: (text: string) => void;
  file: File | null;
  onFileChange: (file: File | null) => void;
  parsing: boolean;
  /** The server's (or the file check's) Chinese message after a failed attempt. */
  error: string | null;
  onParse: () => void;
}

/** Whether a file can be imported; the Chinese reason when not. */
export function fileProblem(file: File): string | null {
  const name = file.name.toLowerCase();
  if (file.size > IMPORT_MAX_FILE_BYTES) return `文件不能超过${IMPORT_MAX_FILE_BYTES / 1024 / 1024} MB，请删去图片或拆分后再导入`;
  if (name.endsWith('.docx') || name.endsWith('.txt')) return null;
  if (name.endsWith('.doc') || name.endsWith('.wps')) return '暂不支持 .doc / .wps 格式，请在 Word 或 WPS 中“另存为” .docx 后再导入';
  return '只能导入 .docx 或 .txt 文件';
}

function fileSize(bytes: number): string {
  return bytes < 1024 * 1024 ? `${Math.max(1, Math.round(bytes / 1024))} KB` : `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** 第一步: paste the report's text or choose (or drop) a .docx/.txt file, then 识别结构. */
export function ImportSourceStep({ text, onTextChange, file, onFileChange, parsing, error, onParse }: ImportSourceStepProps) {
  const id = useId();
  const input = useRef<HTMLInputElement>(null);
  const [dragging, setDragging] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);

  function choose(chosen: File | null | undefined) {
    if (!chosen) return;
    const reason = fileProblem(chosen);
    setProblem(reason);
    if (!reason) onFileChange(chosen);
  }

  function handleDrop(event: DragEvent<HTMLDivElement>) {
    event.preventDefault();
    setDragging(false);
    choose(event.dataTransfer.files[0]);
  }

  function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (parsing) return;
    if (!file && !text.trim()) {
      setProblem('请粘贴报告文字，或选择一个 .docx / .txt 文件');
      return;
    }
    setProblem(null);
    onParse();
  }

  const message = problem ?? error;
  return (
    <form className="import-source" onSubmit={handleSubmit} noValidate aria-busy={parsing}>
      <div
        className={dragging ? 'import-drop import-drop--over' : 'import-drop'}
        data-testid="import-drop"
        onDragOver={(e) => {
          e.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={handleDrop}
      >
        {file ? (
          <div className="import-drop__file" data-testid="import-file-chosen">
            <span className="import-drop__icon" aria-hidden="true">
              📄
            </span>
            <span className="import-drop__name">{file.name}</span>
            <span className="import-drop__size">{fileSize(file.size)}</span>
            <button type="button" className="button" onClick={() => onFileChange(null)} disabled={parsing}>
              改为粘贴文字
            </button>
          </div>
        ) : (
          <p className="import-drop__hint">
            把 Word（.docx）或文本（.txt）文件拖到这里，或{' '}
            <button type="button" className="import-drop__pick" onClick={() => input.current?.click()} disabled={parsing}>
              选择文件
            </button>
          </p>
        )}
        <input
          ref={input}
          className="visually-hidden"
          type="file"
          accept=".docx,.txt,application/vnd.openxmlformats-officedocument.wordprocessingml.document,text/plain"
          data-testid="import-file"
          tabIndex={-1}
          onChange={(e) => {
            choose(e.target.files?.[0]);
            e.target.value = '';
          }}
        />
      </div>

      {!file && (
        <div className="import-source__field">
          <label htmlFor={`${id}-text`}>或粘贴报告全文</label>
          <textarea
            id={`${id}-text`}
            data-testid="import-text"
            value={text}
            onChange={(e) => onTextChange(e.target.value)}
            placeholder={'把报告全文粘贴到这里，包括标题和正文。\n网页上复制来的导航、广告等无关内容会被自动识别并列出，供您确认。'}
            spellCheck={false}
          />
          <span className="import-source__count">{text.length > 0 ? `共 ${text.length} 字` : ''}</span>
        </div>
      )}

      {message && (
        <p className="import-error" role="alert" data-testid="import-error">
          {message}
        </p>
      )}
      <div className="import-source__actions">
        <button type="submit" className="button button--primary button--large" data-testid="import-parse" disabled={parsing}>
          {parsing ? '正在识别…' : '识别结构'}
        </button>
        <span className="import-source__note">识别结构不会保存任何内容；确认大纲后才会创建报告。</span>
      </div>
    </form>
  );
}
