import type { DialogueHome } from '@passage/contract';
import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { NavLink, Outlet, useParams } from 'react-router';
import { useSession } from '../app/session';
import { abilitiesIn, type DialogueAbilities } from '../features/auth/api';
import { api, isApiError } from './api-client';
import { PageFrame } from './page';
import { ErrorMessage, Loading } from './status';

/**
 * The dialogue of the route (`/d/:slug/…`), loaded once for all its pages: the route element of `/d/:slug`
 * loads it, shows the dialogue's navigation, and renders the page below (an `<Outlet>`) only once the
 * dialogue is there. Moving between the dialogue's pages does not load it again; a page that changed it
 * (a new indicator or route, a translated name) calls `reload()`, which refreshes it in place.
 *
 * What the signed-in user may do in the dialogue is read here, once (`can`): the abilities the server computed
 * from its access rules for the session (src/modules/identity/auth/session-abilities.ts), plus `isMember`;
 * pages ask `can.canManageDefinitions` rather than comparing roles themselves.
 */

export type DialogueCan = DialogueAbilities & {
  /** Any role in the dialogue (a member, observer or viewer). */
  isMember: boolean;
};

/** The yes/no abilities (what RequireAbility may ask for). */
type Ability = { [K in keyof DialogueCan]: DialogueCan[K] extends boolean ? K : never }[keyof DialogueCan];

export interface DialogueContextValue {
  slug: string;
  dialogue: DialogueHome;
  can: DialogueCan;
  reload(): void;
}

const DialogueContext = createContext<DialogueContextValue | null>(null);

type Loaded =
  | { status: 'loading' }
  | { status: 'ready'; dialogue: DialogueHome }
  | { status: 'error'; error: unknown };

/**
 * Loads the dialogue of `slug` once; `reload()` fetches it again in place: the pages stay as they are (no
 * spinner, no remount) and get the new dialogue when it arrives. A failed reload keeps what is shown.
 */
function useDialogueHome(slug: string): { loaded: Loaded; reload(): void } {
  const [loaded, setLoaded] = useState<Loaded>({ status: 'loading' });
  const [attempt, setAttempt] = useState(0);
  // biome-ignore lint/correctness/useExhaustiveDependencies: `attempt` asks for the same slug again.
  useEffect(() => {
    const controller = new AbortController();
    setLoaded((current) =>
      current.status === 'ready' && current.dialogue.slug === slug ? current : { status: 'loading' },
    );
    api('GET /api/dialogues/:slug', { params: { slug }, signal: controller.signal }).then(
      (dialogue) => {
        if (!controller.signal.aborted) setLoaded({ status: 'ready', dialogue });
      },
      (error: unknown) => {
        if (controller.signal.aborted) return;
        setLoaded((current) =>
          current.status === 'ready' && current.dialogue.slug === slug ? current : { status: 'error', error },
        );
      },
    );
    return () => controller.abort();
  }, [slug, attempt]);
  const reload = useCallback(() => setAttempt((n) => n + 1), []);
  return { loaded, reload };
}

/** The route element of `/d/:slug`: loads the dialogue, then the navigation and the page. */
export function DialogueLayout() {
  const { slug = '' } = useParams();
  const { t } = useTranslation();
  const { loaded, reload } = useDialogueHome(slug);
  const { state } = useSession();
  const session = state.status === 'authenticated' ? state.session : null;
  const dialogue = loaded.status === 'ready' && loaded.dialogue.slug === slug ? loaded.dialogue : null;
  const value = useMemo<DialogueContextValue | null>(
    () =>
      dialogue
        ? {
            slug,
            dialogue,
            can: { ...abilitiesIn(session, dialogue.id), isMember: dialogue.myRoles.length > 0 },
            reload,
          }
        : null,
    [slug, dialogue, reload, session],
  );

  if (loaded.status === 'error') {
    const isNotFound = isApiError(loaded.error, 404);
    return (
      <PageFrame>
        <ErrorMessage
          error={loaded.error}
          {...(isNotFound ? { message: t('dialogue.notFound') } : { onRetry: reload })}
        />
      </PageFrame>
    );
  }
  if (!value) {
    return (
      <PageFrame>
        <Loading />
      </PageFrame>
    );
  }
  return (
    <DialogueContext.Provider value={value}>
      <DialogueNav />
      <Outlet />
    </DialogueContext.Provider>
  );
}

/** The current dialogue; only for components rendered below `/d/:slug` (DialogueLayout). */
export function useDialogue(): DialogueContextValue {
  const value = useContext(DialogueContext);
  if (value === null) throw new Error('useDialogue() must be used below the /d/:slug route (DialogueLayout)');
  return value;
}

/** The dialogue's pages, under the header: the same on every page of the dialogue. */
function DialogueNav() {
  const { t } = useTranslation();
  const { slug, can } = useDialogue();
  const base = `/d/${encodeURIComponent(slug)}`;
  const links: { to: string; label: string; testId: string; end?: boolean; show: boolean }[] = [
    { to: base, label: t('dialogue.overview'), testId: 'overview-link', end: true, show: true },
    { to: `${base}/analytics`, label: t('analytics.navLink'), testId: 'analytics-link', show: can.isMember },
    { to: `${base}/data`, label: t('shell.dataLink'), testId: 'data-link', show: true },
    {
      to: `${base}/forecasts`,
      label: t('forecasting.navLink'),
      testId: 'forecasts-link',
      show: can.isMember,
    },
    { to: `${base}/alerts`, label: t('alerts.navLink'), testId: 'alerts-link', show: true },
    { to: `${base}/notices`, label: t('notices.navLink'), testId: 'notices-link', show: true },
    {
      to: `${base}/monitoring`,
      label: t('monitoring.navLink'),
      testId: 'monitoring-link',
      show: can.isMember,
    },
    { to: `${base}/profiles`, label: t('profiles.navLink'), testId: 'profiles-link', show: can.isMember },
    { to: `${base}/practices`, label: t('practices.navLink'), testId: 'practices-link', show: true },
    { to: `${base}/meetings`, label: t('meetings.navLink'), testId: 'meetings-link', show: can.isMember },
    {
      to: `${base}/consultations`,
      label: t('consultations.navLink'),
      testId: 'consultations-link',
      show: can.isMember,
    },
    { to: `${base}/reports`, label: t('reports.navLink'), testId: 'reports-link', show: true },
    { to: `${base}/documents`, label: t('documents.navLink'), testId: 'documents-link', show: true },
    {
      to: `${base}/agreements`,
      label: t('agreements.navLink'),
      testId: 'agreements-link',
      show: can.isMember,
    },
    { to: `${base}/contacts`, label: t('contacts.navLink'), testId: 'contacts-link', show: can.isMember },
    {
      to: `${base}/definitions`,
      label: t('definitions.link'),
      testId: 'definitions-nav-link',
      show: can.canManageDefinitions,
    },
    {
      to: `${base}/translations`,
      label: t('translations.link'),
      testId: 'translations-nav-link',
      show: can.canTranslate,
    },
  ];
  return (
    <nav className="dialogue-nav" aria-label={t('dialogue.navigation')}>
      <ul>
        {links
          .filter((l) => l.show)
          .map((l) => (
            <li key={l.testId}>
              <NavLink to={l.to} end={l.end ?? false} data-testid={l.testId}>
                {l.label}
              </NavLink>
            </li>
          ))}
      </ul>
    </nav>
  );
}

/** Renders `children` when the user may do `ability` in the dialogue, else a plain notice (no request made). */
export function RequireAbility({
  ability,
  denied,
  children,
}: {
  ability: Ability;
  denied: ReactNode;
  children: ReactNode;
}) {
  const { can } = useDialogue();
  return can[ability] ? children : <p className="notice">{denied}</p>;
}
