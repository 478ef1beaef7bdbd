/**
 * What 提交 warns about, on the server too: an empty section, unfilled data placeholders and text
 * over the limit of the 写作要求. The web app asks before submitting; an integrator (the district's
 * OA system) gets the same problems as statements in the submit answer's `warnings`. They never
 * block the submit.
 */
import { submitProblems } from '@hegao/domain';
import { fragmentToText, measureText } from '@hegao/schema';
import type { SectionRecord } from '@hegao/storage';
import type { AppContext } from '../context.js';

/** The warnings for a section's current text (Chinese sentences; empty when there is nothing to say). */
export async function sectionWarnings(ctx: AppContext, section: Pick<SectionRecord, 'docName' | 'instruction'>): Promise<string[]> {
  const doc = await ctx.collab.doc(section.docName);
  const measures = measureText(fragmentToText(doc.getXmlFragment('prosemirror')));
  return submitProblems({ ...measures, instruction: section.instruction });
}
