// Public surface of @hegao/schema: the section text schema, its conversions and text measures.
export { schema } from './schema.js';
export { fragmentToJSON, jsonToFragment, fragmentToText, docToText, textToDocJSON } from './convert.js';
export type { PMJSON, PMMarkJSON } from './convert.js';
export { countChars, findPlaceholders } from './counts.js';
export type { Placeholder } from './counts.js';
export { EMPTY_MEASURES, measureText, sameMeasures } from './measures.js';
export type { TextMeasures } from './measures.js';
export { canonicalJSON, composeFinal, replaceSection, sectionBlocks, sourceOf } from './compose.js';
export type { ComposeSection, ReplaceOptions } from './compose.js';
