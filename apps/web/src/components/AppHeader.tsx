import { useState } from 'react';
import { toApiError } from '../api/ApiError';
import { roleLabel } from '../model/labels';
import { navigate } from '../router/navigate';
import { REPORTS_HREF } from '../router/route';
import { useMe } from '../hooks/useMe';
import { session } from '../session/session';
import { BrandMark } from './BrandMark';
import { BureauTag } from './BureauTag';
import { NotificationBell } from './NotificationBell';
import './AppHeader.css';

/** Top bar of the signed-in app: product name, the organisation, the notification bell, who is signed in, and 退出. */
export function AppHeader() {
  const me = useMe();
  const [leaving, setLeaving] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function handleLogout() {
    setLeaving(true);
    setError(null);
    try {
      await session.logout();
      navigate(REPORTS_HREF);
    } catch (e) {
      setError(`退出失败：${toApiError(e).message}`);
      setLeaving(false);
    }
  }

  return (
    <header className="app-header">
      <div className="app-header__inner">
        <a className="app-header__brand" href={REPORTS_HREF}>
          <BrandMark />
          <span className="app-header__name">合稿</span>
        </a>
        <span className="app-header__org" data-testid="organisation-name">
          {me.organisation.name}
        </span>
        <div className="app-header__user">
          <NotificationBell />
          <span className="app-header__identity">
            <span className="app-header__person">{me.name}</span>
            {me.bureau && <BureauTag name={me.bureau.name} color={me.bureau.color} />}
            <span className="app-header__role">{roleLabel(me.role)}</span>
          </span>
          <button type="button" className="button app-header__logout" onClick={handleLogout} disabled={leaving}>
            退出
          </button>
        </div>
      </div>
      {error && (
        <p className="app-header__error" role="alert">
          {error}
        </p>
      )}
    </header>
  );
}
