import { fragmentToText } from '@hegao/schema';
import type * as Y from 'yjs';
import { EMPTY_MEASURES, measureText, sameMeasures, type TextMeasures } from '@hegao/schema';
import { throttle } from './throttle';
import { ValueStore } from './ValueStore';

/** How often counts are recomputed while someone types. */
export const COUNT_INTERVAL_MS = 300;

/**
 * Keeps a section's 字数 and placeholder count up to date from its Y.XmlFragment, recomputed at
 * most every {@link COUNT_INTERVAL_MS} however fast anyone types.
 */
export class SectionCounter {
  /** The current measures; a new object only when a number changed. */
  readonly store = new ValueStore<TextMeasures>(EMPTY_MEASURES);
  private readonly recount = throttle(() => this.measure(), COUNT_INTERVAL_MS);
  private readonly handleChange = () => this.recount();

  constructor(private readonly fragment: Y.XmlFragment) {
    fragment.observeDeep(this.handleChange);
    this.measure();
  }

  /** Stops observing the fragment. */
  destroy(): void {
    this.recount.cancel();
    this.fragment.unobserveDeep(this.handleChange);
    this.store.clear();
  }

  /**
   * The measures of the text as it is now, not as last recounted (which may be up to
   * {@link COUNT_INTERVAL_MS} old): for decisions such as the submit warnings. Updates the store.
   */
  measureNow(): TextMeasures {
    this.recount.cancel();
    this.measure();
    return this.store.get();
  }

  private measure(): void {
    const next = measureText(fragmentToText(this.fragment));
    if (!sameMeasures(next, this.store.get())) this.store.set(next);
  }
}
