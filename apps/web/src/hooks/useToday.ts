import { useEffect, useState } from 'react';
import { msUntilNextDay } from '@hegao/domain';

/** Now, refreshed just after midnight in China (where due dates are) so countdowns stay right in a tab left open. */
export function useToday(): Date {
  const [today, setToday] = useState(() => new Date());
  useEffect(() => {
    const timer = window.setTimeout(() => setToday(new Date()), msUntilNextDay(new Date()) + 1000);
    return () => window.clearTimeout(timer);
  }, [today]);
  return today;
}
