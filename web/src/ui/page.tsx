import { type ReactNode, useEffect, useId } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';

/**
 * The frame of every page: the `<main>` landmark the skip link targets, breadcrumbs, the title with its
 * actions, a lead paragraph, then the content, all in the same padded column (styles.css `.page`). Pages do
 * not write their own frames, so they share width, padding and spacing, and the window title follows the page.
 */

export interface Crumb {
  to: string;
  label: string;
}

export interface PageProps {
  /** The h1. */
  title: ReactNode;
  /** The window title (before "· Passage"); defaults to `title` when it is text. */
  documentTitle?: string;
  /** Links to the pages above this one, outermost first. */
  breadcrumbs?: readonly Crumb[];
  /** Buttons and links beside the title (they wrap under it on narrow windows). */
  actions?: ReactNode;
  /** Badges or the like right after the h1. */
  badges?: ReactNode;
  lead?: ReactNode;
  /** An extra class for the page's own layout rules (e.g. `analytics`). */
  className?: string;
  testId?: string;
  children?: ReactNode;
}

export function Page(p: PageProps) {
  const { t } = useTranslation();
  const documentTitle = p.documentTitle ?? (typeof p.title === 'string' ? p.title : undefined);
  useEffect(() => {
    document.title = documentTitle ? `${documentTitle} · ${t('app.name')}` : t('app.name');
  }, [documentTitle, t]);

  return (
    <main id="main" className={p.className ? `page ${p.className}` : 'page'} data-testid={p.testId}>
      {p.breadcrumbs?.length ? <Breadcrumbs crumbs={p.breadcrumbs} /> : null}
      <header className="page-header">
        <div className="page-header__title">
          <h1>{p.title}</h1>
          {p.badges}
          {p.actions ? <div className="page-header__actions">{p.actions}</div> : null}
        </div>
        {p.lead ? <p className="lead">{p.lead}</p> : null}
      </header>
      {p.children}
    </main>
  );
}

function Breadcrumbs({ crumbs }: { crumbs: readonly Crumb[] }) {
  const { t } = useTranslation();
  return (
    <nav className="breadcrumbs" aria-label={t('app.breadcrumbs')}>
      <ol>
        {crumbs.map((c) => (
          <li key={c.to}>
            <Link to={c.to}>{c.label}</Link>
          </li>
        ))}
      </ol>
    </nav>
  );
}

/**
 * A page without a title of its own yet (the session or the dialogue is loading, or failed): the same
 * frame, only the content.
 */
export function PageFrame({ children, centered }: { children: ReactNode; centered?: boolean }) {
  return (
    <main id="main" className={centered ? 'page page--centered' : 'page'}>
      {children}
    </main>
  );
}

/** A titled panel of a page: `<section>` labelled by its h2, with optional actions beside the title. */
export function Section({
  title,
  headingId,
  actions,
  testId,
  className,
  children,
}: {
  title: ReactNode;
  /** The h2's id, when something links to it or tests find it by it. */
  headingId?: string;
  actions?: ReactNode;
  testId?: string;
  className?: string;
  children?: ReactNode;
}) {
  const generated = useId();
  const id = headingId ?? `${generated}-title`;
  return (
    <section className={className ? `panel ${className}` : 'panel'} aria-labelledby={id} data-testid={testId}>
      <div className="panel__header">
        <h2 id={id}>{title}</h2>
        {actions ? <div className="panel__actions">{actions}</div> : null}
      </div>
      {children}
    </section>
  );
}
