import type { SectionSession } from '../../collab/SectionSession';
import { useSectionCounts } from '../../hooks/useSectionSession';
import { parseLengthLimit } from '@hegao/domain';

/** Props of {@link SectionCounts}. */
export interface SectionCountsProps {
  session: SectionSession;
  instruction: string | null | undefined;
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
      <button
        type="button"
        className={placeholders > 0 ? 'section-counts__placeholders section-counts__placeholders--open' : 'section-counts__placeholders'}
        data-testid="section-placeholders"
        data-count={placeholders}
        onClick={onNextPlaceholder}
        disabled={placeholders === 0}
        title={placeholders > 0 ? '点击依次定位未填写的数据（X）' : '没有未填写的数据'}
      >
        {placeholders > 0 ? `${placeholders} 处待填数据` : '数据已填全'}
      </button>
    </span>
  );
}
