// Public surface of @hegao/schema: the section text schema, its conversions and text measures.
export { schema } from './schema.js';
export { fragmentToJSON, jsonToFragment, fragmentToText, docToText, textToDocJSON } from './convert.js';
export type { PMJSON, PMMarkJSON } from './convert.js';
export { countChars } from './counts.js';
export { findMaskedNames, findMasks, findPlaceholders } from './placeholders.js';
export type { Mask, MaskKind, Placeholder } from './placeholders.js';
export { EMPTY_MEASURES, measureText, sameMeasures } from './measures.js';
export type { TextMeasures } from './measures.js';
export { blocksFingerprint, canonicalJSON, composeFinal, detachSection, editedInDraft, replaceSection, sectionBlocks, sectionInDraft, sourceOf } from './compose.js';
export type { ComposeSection, ReplaceOptions, SectionInDraft } from './compose.js';
export { MAX_CELL_SPAN, contentRulesFor, sectionContentRules } from './contentRules.js';
export type { AttributeChecks, SchemaContentRules } from './contentRules.js';
export { textWithRuns } from './textRuns.js';
export type { TextRun, TextWithRuns } from './textRuns.js';
export { TITLE_CHARS_PER_LINE, breakTitle } from './gongwenTitle.js';
export { deletedTitle, mergedText, planMerge, roundTrip } from './mergePlan.js';
export type { EditResolution, MergeChange, MergeInput, MergePlan, MergeRefusal, MergeSection, MergeTarget, MergedSource, OfficeEdit } from './mergePlan.js';
