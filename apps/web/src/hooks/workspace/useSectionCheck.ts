import { useCallback, useState } from 'react';
import type { SubmitFacts } from '@hegao/domain';
import type { SectionSession } from '../../collab/SectionSession';

/** A step on a section (提交, 通过) that checks the text first and asks when something is wrong. */
export interface SectionCheck {
  /** The confirmation's sentences while it is open, else null. */
  warnings: string[] | null;
  /** Checks the text as it is at this moment: runs the step at once when nothing is wrong, else opens the confirmation. */
  check: () => void;
  /** 仍然…: closes the confirmation and runs the step. */
  confirm: () => void;
  /** 返回修改 / Esc: closes the confirmation; nothing is sent. */
  cancel: () => void;
}

/**
 * The check 提交 and 通过 share: the section's measures read fresh from its document at the click
 * (not the throttled display count) and its 写作要求, judged by the domain (`submitWarnings`,
 * `approveWarnings`: unfilled data placeholders, over the length limit, empty).
 */
export function useSectionCheck(
  session: SectionSession,
  instruction: string,
  warningsOf: (facts: SubmitFacts) => string[],
  step: () => void,
): SectionCheck {
  const [warnings, setWarnings] = useState<string[] | null>(null);
  const check = useCallback(() => {
    const found = warningsOf({ ...session.counter.measureNow(), instruction });
    if (found.length > 0) setWarnings(found);
    else step();
  }, [session, instruction, warningsOf, step]);
  const confirm = useCallback(() => {
    setWarnings(null);
    step();
  }, [step]);
  const cancel = useCallback(() => setWarnings(null), []);
  return { warnings, check, confirm, cancel };
}
