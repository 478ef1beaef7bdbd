import type { LastEdit as LastEditInfo } from '../../api/types';
import { useClock } from '../../hooks/useClock';
import { formatEditTime } from '../../model/lastEdit';

/** 最后编辑：张卫民 今天 14:05 (the time stays relative as the page stays open). */
export function LastEdit({ edit }: { edit: LastEditInfo }) {
  const now = useClock();
  return (
    <span className="section-card__last-edit" data-testid="section-last-edit" title={new Date(edit.at).toLocaleString('zh-CN')}>
      最后编辑：{edit.name ?? '已删除的用户'} <time dateTime={edit.at}>{formatEditTime(edit.at, new Date(now))}</time>
    </span>
  );
}
