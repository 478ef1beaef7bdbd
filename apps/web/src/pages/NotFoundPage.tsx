import { EmptyState } from '../components/EmptyState';
import { useDocumentTitle } from '../hooks/useDocumentTitle';
import { REPORTS_HREF } from '../router/route';

/** Shown for an unknown hash route. */
export function NotFoundPage() {
  useDocumentTitle('页面不存在');
  return (
    <main className="page">
      <EmptyState title="页面不存在" message="您访问的地址有误，或该页面已被移除。">
        <a className="button button--primary" href={REPORTS_HREF}>
          返回报告列表
        </a>
      </EmptyState>
    </main>
  );
}
