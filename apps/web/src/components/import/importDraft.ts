// The import page's drafts in sessionStorage, so a reload loses neither the pasted text nor the
// outline being reviewed. Storage may be unavailable or full: then the page works without it.
import type { ImportPreview } from '@hegao/contract';
import type { DraftOutline, ImportMeta } from '../../model/importOutline';

const TEXT_KEY = 'hegao.import.text';
const REVIEW_KEY = 'hegao.import.review';

/** The review in progress: the importer's answer, the edited outline, the report fields. */
export interface SavedReview {
  preview: ImportPreview;
  outline: DraftOutline;
  meta: ImportMeta;
}

function storage(): Storage | null {
  try {
    return window.sessionStorage;
  } catch {
    return null;
  }
}

/** The pasted text kept from before a reload ('' when none). */
export function loadText(): string {
  return storage()?.getItem(TEXT_KEY) ?? '';
}

/** Keeps the pasted text ('' forgets it). */
export function saveText(text: string): void {
  try {
    if (text) storage()?.setItem(TEXT_KEY, text);
    else storage()?.removeItem(TEXT_KEY);
  } catch {
    // Quota exceeded: the text stays on the page, only a reload would lose it.
  }
}

/** The review kept from before a reload, or null. */
export function loadReview(): SavedReview | null {
  try {
    const raw = storage()?.getItem(REVIEW_KEY);
    if (!raw) return null;
    const saved = JSON.parse(raw) as SavedReview;
    return saved && Array.isArray(saved.outline?.sections) && Array.isArray(saved.preview?.lines) && saved.meta ? saved : null;
  } catch {
    return null;
  }
}

/** Keeps the review in progress. */
export function saveReview(review: SavedReview): void {
  try {
    storage()?.setItem(REVIEW_KEY, JSON.stringify(review));
  } catch {
    // Too large for sessionStorage (a big .docx): the review still works, a reload starts over.
  }
}

/** Forgets the review (created, or back to the source). */
export function clearReview(): void {
  try {
    storage()?.removeItem(REVIEW_KEY);
  } catch {
    // Nothing to forget.
  }
}
