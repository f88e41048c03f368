import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import { fetchSession, logout as logoutRequest, type SessionView } from '../features/auth/api';
import { isApiError } from '../ui/api-client';
import { changeLanguage, hasStoredLanguage, isLanguage, linkLanguage } from './i18n/i18n';

export type SessionState =
  | { status: 'loading' }
  /** `hasLoggedOut`: the user just logged out here (so no "return to" link is kept). */
  | { status: 'anonymous'; hasLoggedOut?: boolean }
  | { status: 'authenticated'; session: SessionView }
  | { status: 'error'; error: unknown };

interface SessionContextValue {
  state: SessionState;
  /** Stores the session returned by a successful login. */
  signIn(session: SessionView): void;
  /** Ends the session on the server and forgets it here. */
  signOut(): Promise<void>;
  /** Asks the server again who is logged in (e.g. after a 401 from another call). */
  refresh(): Promise<void>;
}

const SessionContext = createContext<SessionContextValue | null>(null);

/** Uses the account's language unless the user already picked one on this device. */
function applyAccountLocale(session: SessionView): void {
  const primary = session.user.locale.slice(0, 2).toLowerCase();
  if (!hasStoredLanguage() && !linkLanguage() && isLanguage(primary)) void changeLanguage(primary);
}

export function SessionProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<SessionState>({ status: 'loading' });

  const load = useCallback(async (signal?: AbortSignal) => {
    try {
      const session = await fetchSession(signal);
      applyAccountLocale(session);
      setState({ status: 'authenticated', session });
    } catch (error) {
      if (signal?.aborted) return;
      setState(isApiError(error, 401) ? { status: 'anonymous' } : { status: 'error', error });
    }
  }, []);

  useEffect(() => {
    const controller = new AbortController();
    void load(controller.signal);
    return () => controller.abort();
  }, [load]);

  const value = useMemo<SessionContextValue>(
    () => ({
      state,
      signIn(session) {
        applyAccountLocale(session);
        setState({ status: 'authenticated', session });
      },
      async signOut() {
        try {
          await logoutRequest();
        } finally {
          setState({ status: 'anonymous', hasLoggedOut: true });
        }
      },
      refresh: () => load(),
    }),
    [state, load],
  );

  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionContextValue {
  const value = useContext(SessionContext);
  if (value === null) throw new Error('useSession() must be used inside <SessionProvider>');
  return value;
}

/** The logged-in session; only for components rendered behind <RequireSession>. */
export function useAuthenticatedSession(): SessionView {
  const { state } = useSession();
  if (state.status !== 'authenticated') throw new Error('No session: render this behind <RequireSession>');
  return state.session;
}
