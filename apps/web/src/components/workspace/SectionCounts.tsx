import { PlaceholderButton } from '../PlaceholderButton';
import type { SectionSession } from '../../collab/SectionSession';
import { useSectionCounts } from '../../hooks/useSectionSession';
import { parseLengthLimit } from '@hegao/domain';

/** Props of {@link SectionCounts}. */
export interface SectionCountsProps {
  session: SectionSession;
  /** 写作要求 ('' when none): a length it names is shown against the count. */
  instruction: string;
  /** Selects the next unfilled placeholder in the editor. */
  onNextPlaceholder: () => void;
}

/** 字数 (against the limit of the 写作要求, if any) and the unfilled placeholders, which can be stepped through. */
export function SectionCounts({ session, instruction, onNextPlaceholder }: SectionCountsProps) {
  const { chars, placeholders } = useSectionCounts(session);
  const limit = parseLengthLimit(instruction);
  const over = limit !== null && chars > limit;
  return (
    <span className="section-counts">
      <span
        className={over ? 'section-counts__chars section-counts__chars--over' : 'section-counts__chars'}
        data-testid="section-chars"
        data-count={chars}
        title={limit !== null ? `写作要求不超过${limit}字` : undefined}
      >
        {chars.toLocaleString('zh-CN')}
        {limit !== null && ` / ${limit}`} 字
      </span>
      <PlaceholderButton count={placeholders} onNext={onNextPlaceholder} className="section-counts__placeholders" testId="section-placeholders" />
    </span>
  );
}
