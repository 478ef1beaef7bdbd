import { historyApi, type SectionText } from '../api/historyApi';
import { useResource, type Resource } from './useResource';

const NOTHING: Promise<SectionText[]> = Promise.resolve([]);

/**
 * The stored texts of sections (deleted ones included), in the order given; loads nothing until
 * `enabled` (a deletion's text is fetched only once its block is opened).
 */
export function useSectionTexts(ids: readonly string[], enabled: boolean): Resource<SectionText[]> {
  return useResource(enabled ? `texts|${ids.join('|')}` : 'texts|off', (signal) =>
    enabled ? Promise.all(ids.map((id) => historyApi.getSectionText(id, signal))) : NOTHING,
  );
}
