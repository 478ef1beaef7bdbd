// Public surface of @hegao/schema: the section text schema, its conversions and text measures.
export { schema } from './schema.js';
export { fragmentToJSON, jsonToFragment, fragmentToText, docToText, textToDocJSON, writeBlocks } from './convert.js';
export type { PMJSON, PMMarkJSON } from './convert.js';
export { countChars } from './counts.js';
export { findMaskedNames, findMasks, findPlaceholders } from './placeholders.js';
export type { Mask, MaskKind, Placeholder } from './placeholders.js';
export { EMPTY_MEASURES, measureText, sameMeasures } from './measures.js';
export type { TextMeasures } from './measures.js';
export { blocksFingerprint, canonicalJSON, composeFinal, detachSection, editedInDraft, replaceSection, replaceSpan, sectionBlocks, sectionInDraft, sourceOf } from './compose.js';
export type { ComposeSection, ReplaceOptions, SectionInDraft } from './compose.js';
export { MAX_CELL_SPAN, contentRulesFor, sectionContentRules } from './contentRules.js';
export type { AttributeChecks, SchemaContentRules } from './contentRules.js';
export { textWithRuns } from './textRuns.js';
export type { TextRun, TextWithRuns } from './textRuns.js';
export { TITLE_CHARS_PER_LINE, breakTitle } from './gongwenTitle.js';
export { baseBlocks, deletedTitle, mergedText, planMerge, roundTrip } from './mergePlan.js';
// The merge's API shapes (MergeChange, OfficeEdit, EditDecision, ParagraphChoice …) live in @hegao/contract.
export type { DecidedConflictView, MergeInput, MergeInvalid, MergePlan, MergeRefusal, ParagraphConflictView, MergeSection, MergeTarget, MergedSource } from './mergePlan.js';
export { blockText, countPieces, mergeParagraphs, paragraphKey, resolveParagraphs } from './paragraphMerge.js';
export type { MergePiece, ParagraphConflict, ParagraphMerge, PieceKind } from './paragraphMerge.js';
