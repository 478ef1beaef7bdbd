// Limits of an import, shared by the server (which enforces them) and the import page (which checks
// a chosen file before sending it, since an over-long body may be cut off rather than answered).

/** Largest .docx or .txt file accepted by `POST /api/imports` (413 `import_too_large` beyond). */
export const IMPORT_MAX_FILE_BYTES = 10 * 1024 * 1024;

/** Most characters of text (pasted, or in a .txt) an import accepts. */
export const IMPORT_MAX_CHARS = 200_000;
