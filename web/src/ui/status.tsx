import { type ReactNode, useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useSession } from '../app/session';
import { isApiError } from './api-client';
import type { AsyncState } from './use-async';

export function Loading({ label }: { label?: string }) {
  const { t } = useTranslation();
  return (
    <p className="status status--loading" role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" />
      {label ?? t('app.loading')}
    </p>
  );
}

/**
 * Shows an error with an optional retry. A 401 means the session ended meanwhile: the session is
 * re-read, and the route guard then sends the user to the login page.
 */
export function ErrorMessage({
  error,
  onRetry,
  message,
}: {
  error: unknown;
  onRetry?: () => void;
  message?: string;
}) {
  const { t } = useTranslation();
  const { refresh } = useSession();
  const isUnauthenticated = isApiError(error, 401);

  useEffect(() => {
    if (isUnauthenticated) void refresh();
  }, [isUnauthenticated, refresh]);

  const detail = message ?? (isApiError(error) ? error.problem.detail : undefined) ?? t('errors.generic');
  return (
    <div className="notice notice--error" role="alert">
      <p>{detail}</p>
      {onRetry ? (
        <button type="button" className="button button--secondary" onClick={onRetry}>
          {t('errors.retry')}
        </button>
      ) : null}
    </div>
  );
}

/**
 * A list loaded with useAsync: the spinner while it loads, the error with "Try again", `empty` when it has no
 * items, else what `children` makes of the items.
 */
export function AsyncList<T>({
  state,
  empty,
  children,
}: {
  state: AsyncState<readonly T[]> & { reload(): void };
  empty: ReactNode;
  children: (items: readonly T[]) => ReactNode;
}) {
  if (state.status === 'loading') return <Loading />;
  if (state.status === 'error') return <ErrorMessage error={state.error} onRetry={state.reload} />;
  if (state.data.length === 0) return <p>{empty}</p>;
  return <>{children(state.data)}</>;
}
