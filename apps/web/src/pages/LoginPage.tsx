import { useRef, useState, type FormEvent } from 'react';
import { toApiError } from '../api/ApiError';
import { BrandMark } from '../components/BrandMark';
import { useDocumentTitle } from '../hooks/useDocumentTitle';
import { session } from '../session/session';
import './LoginPage.css';

/** Props of {@link LoginPage}. */
export interface LoginPageProps {
  /** Informational line, e.g. after the session expired. */
  notice?: string | null;
}

interface FormError {
  message: string;
  /** Which inputs to mark invalid. */
  fields: { username: boolean; password: boolean };
}

const MESSAGE_ID = 'login-message';

/** Sign-in form: 用户名, 密码, 登录. Shows the server's Chinese error message. */
export function LoginPage({ notice = null }: LoginPageProps) {
  useDocumentTitle('登录');
  const [submitting, setSubmitting] = useState(false);
  const [error, setError] = useState<FormError | null>(null);
  const usernameRef = useRef<HTMLInputElement>(null);
  const passwordRef = useRef<HTMLInputElement>(null);

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (submitting) return;
    const form = new FormData(event.currentTarget);
    const username = String(form.get('username') ?? '').trim();
    const password = String(form.get('password') ?? '');
    if (username === '') {
      setError({ message: '请输入用户名', fields: { username: true, password: false } });
      usernameRef.current?.focus();
      return;
    }
    if (password === '') {
      setError({ message: '请输入密码', fields: { username: false, password: true } });
      passwordRef.current?.focus();
      return;
    }

    setSubmitting(true);
    setError(null);
    try {
      await session.login(username, password);
      // On success the app replaces this page; there is nothing left to do here.
    } catch (e) {
      const apiError = toApiError(e);
      const wrongCredentials = apiError.status === 401;
      setError({ message: apiError.message, fields: { username: wrongCredentials, password: wrongCredentials } });
      setSubmitting(false);
      if (wrongCredentials) passwordRef.current?.select();
    }
  }

  const message = error?.message ?? notice;
  const describedBy = message ? MESSAGE_ID : undefined;
  return (
    <main className="login">
      <div className="login__panel">
        <div className="login__brand">
          <BrandMark size="large" />
          <h1 className="login__title">合稿</h1>
          <p className="login__tagline">各部门协同起草，办公室统一审核合稿</p>
        </div>

        <form className="login__form" onSubmit={handleSubmit} noValidate aria-busy={submitting}>
          {message && (
            <p
              id={MESSAGE_ID}
              className={error ? 'login__message login__message--error' : 'login__message'}
              role={error ? 'alert' : 'status'}
            >
              {message}
            </p>
          )}

          <div className="login__field">
            <label htmlFor="login-username">用户名</label>
            {/* readOnly rather than disabled while submitting: keeps focus and the typed values. */}
            <input
              ref={usernameRef}
              id="login-username"
              name="username"
              type="text"
              autoComplete="username"
              autoCapitalize="none"
              spellCheck={false}
              autoFocus
              aria-required="true"
              aria-invalid={error?.fields.username || undefined}
              aria-describedby={describedBy}
              readOnly={submitting}
            />
          </div>

          <div className="login__field">
            <label htmlFor="login-password">密码</label>
            <input
              ref={passwordRef}
              id="login-password"
              name="password"
              type="password"
              autoComplete="current-password"
              aria-required="true"
              aria-invalid={error?.fields.password || undefined}
              aria-describedby={describedBy}
              readOnly={submitting}
            />
          </div>

          <button type="submit" className="button button--primary button--large login__submit" disabled={submitting}>
            {submitting && <span className="login__spinner" aria-hidden="true" />}
            登录
          </button>
        </form>
      </div>
      <p className="login__footer">请使用办公室分配的账号登录</p>
    </main>
  );
}
