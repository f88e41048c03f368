import { type FormEvent, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { currentLanguage } from '../../app/i18n/i18n';
import { isApiError } from '../../ui/api-client';
import { formatDate, pickTranslated } from '../../ui/format';
import { ErrorMessage, Loading } from '../../ui/status';
import { useAsync } from '../../ui/use-async';
import { listCountries } from '../reference/api';
import { createOrganisation, listOrganisations } from './api';
import { InvitationSection } from './invitation-section';
import {
  addObserver,
  addState,
  fetchMembers,
  type MemberOrganisation,
  type MemberPeriod,
  type MembersView,
  removeObserver,
  removeState,
} from './members-api';

const problemText = (error: unknown, fallback: string) =>
  isApiError(error) ? (error.problem.detail ?? fallback) : fallback;
const today = () => new Date().toISOString().slice(0, 10);

/**
 * `/admin/dialogues/:id/members`: member states and observers with their periods (history kept), each member's
 * organisations and users, adding and removing members on a day, new organisations, and bulk invitation.
 */
export function MembersPage() {
  const { t } = useTranslation();
  const id = Number(useParams().id);
  const members = useAsync((signal) => fetchMembers(id, signal), [id]);
  const [view, setView] = useState<MembersView | null>(null);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  // Each load replaces the view; changes answer with the whole view in between (useAsync's object is new
  // on every render, so the effect depends on the loaded data itself).
  const loaded = members.status === 'success' ? members.data : null;
  useEffect(() => {
    if (loaded) setView(loaded);
  }, [loaded]);
  useEffect(() => {
    document.title = `${t('members.title', { name: view?.name ?? '' })} · ${t('app.name')}`;
  }, [t, view]);

  /** Runs a change; the server answers with the whole members view. */
  async function change(action: () => Promise<{ members: MembersView; rolesRevoked: number }>, ok?: string) {
    setMessage(null);
    try {
      const result = await action();
      setView(result.members);
      setMessage({ ok: true, text: ok ?? t('members.saved', { roles: result.rolesRevoked }) });
      return true;
    } catch (caught) {
      setMessage({ ok: false, text: problemText(caught, t('errors.generic')) });
      return false;
    }
  }

  return (
    <main id="main" className="page">
      <p>
        <Link to="/admin/dialogues">{t('dialogueAdmin.back')}</Link>
      </p>
      {members.status === 'loading' ? <Loading /> : null}
      {members.status === 'error' ? <ErrorMessage error={members.error} onRetry={members.reload} /> : null}
      {view ? (
        <>
          <h1>{t('members.title', { name: view.name })}</h1>
          {message ? (
            <p
              className={message.ok ? 'notice' : 'notice notice--error'}
              role="status"
              data-testid="members-message"
            >
              {message.text}
            </p>
          ) : null}
          <StatesSection view={view} onChange={change} />
          <ObserversSection view={view} onChange={change} />
          <OrganisationSection view={view} onCreated={members.reload} />
          <section className="card" aria-labelledby="secretariat-title">
            <h2 id="secretariat-title">{t('members.secretariat')}</h2>
            <OrganisationUsers organisation={view.secretariat} />
          </section>
          <InvitationSection dialogueId={view.dialogueId} onDone={members.reload} />
        </>
      ) : null}
    </main>
  );
}

type Change = (
  action: () => Promise<{ members: MembersView; rolesRevoked: number }>,
  ok?: string,
) => Promise<boolean>;

function Periods({ periods }: { periods: readonly MemberPeriod[] }) {
  const { t } = useTranslation();
  const lng = currentLanguage();
  return (
    <ul className="plain-list">
      {periods.map((p) => (
        <li key={p.id}>
          {p.leftOn
            ? t('members.period', { from: formatDate(p.joinedOn, lng), to: formatDate(p.leftOn, lng) })
            : t('members.since', { date: formatDate(p.joinedOn, lng) })}
          {p.reason ? <span className="muted"> ({p.reason})</span> : null}
        </li>
      ))}
    </ul>
  );
}

function OrganisationUsers({ organisation }: { organisation: MemberOrganisation }) {
  const { t } = useTranslation();
  return (
    <div>
      <strong>{organisation.name}</strong>
      {organisation.users.length === 0 ? (
        <span className="muted"> — {t('members.noUsers')}</span>
      ) : (
        <ul className="plain-list">
          {organisation.users.map((u) => (
            <li key={u.id}>
              {u.name} <span className="muted">{u.email}</span> —{' '}
              {u.roles.map((r) => t(`roles.${r}`)).join(', ')}
              {u.isInvited ? <span className="muted"> ({t('members.invited')})</span> : null}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** The left-on date and reason of a removal, with its button. */
function RemoveForm({
  label,
  onRemove,
}: {
  label: string;
  onRemove(leftOn: string, reason: string): Promise<boolean>;
}) {
  const { t } = useTranslation();
  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    await onRemove(String(form.get('leftOn')), String(form.get('reason') ?? '').trim());
  }
  return (
    <form
      className="field--inline"
      onSubmit={handleSubmit}
      aria-label={t('members.removeTitle', { name: label })}
    >
      <label>
        {t('members.leftOn')}{' '}
        <input type="date" name="leftOn" defaultValue={today()} max={today()} required />
      </label>{' '}
      <label>
        {t('members.reason')} <input name="reason" maxLength={1000} />
      </label>{' '}
      <button type="submit" className="button button--small">
        {t('members.remove')}
      </button>
    </form>
  );
}

function StatesSection({ view, onChange }: { view: MembersView; onChange: Change }) {
  const { t } = useTranslation();
  const lng = currentLanguage();
  const countries = useAsync(() => listCountries(), []);
  const current = new Set(view.states.filter((s) => s.isCurrent).map((s) => s.iso3));

  async function handleAdd(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const formElement = event.currentTarget;
    const ok = await onChange(() =>
      addState(view.dialogueId, {
        country: String(form.get('country')),
        joinedOn: String(form.get('joinedOn')),
      }),
    );
    if (ok) formElement.reset();
  }

  return (
    <section className="card" aria-labelledby="states-title">
      <h2 id="states-title">{t('members.states')}</h2>
      {view.states.length === 0 ? <p>{t('members.noStates')}</p> : null}
      {view.states.length > 0 ? (
        <table className="table" data-testid="member-states">
          <thead>
            <tr>
              <th scope="col">{t('members.country')}</th>
              <th scope="col">{t('members.periods')}</th>
              <th scope="col">{t('members.figures')}</th>
              <th scope="col">{t('members.organisations')}</th>
              <th scope="col">{t('members.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {view.states.map((s) => (
              <tr key={s.iso3} data-iso3={s.iso3} data-current={s.isCurrent}>
                <td>
                  {pickTranslated(s.name, lng)} <span className="muted">{s.iso3}</span>
                  <br />
                  <span className="muted">{s.isCurrent ? t('members.current') : t('members.former')}</span>
                </td>
                <td>
                  <Periods periods={s.periods} />
                </td>
                <td>{s.figures}</td>
                <td>
                  {s.organisations.map((o) => (
                    <OrganisationUsers key={o.id} organisation={o} />
                  ))}
                </td>
                <td>
                  {s.isCurrent ? (
                    <RemoveForm
                      label={pickTranslated(s.name, lng)}
                      onRemove={(leftOn, reason) =>
                        onChange(() =>
                          removeState(view.dialogueId, s.iso3, { leftOn, ...(reason ? { reason } : {}) }),
                        )
                      }
                    />
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      <h3>{t('members.addState')}</h3>
      <form className="form" onSubmit={handleAdd} data-testid="add-state">
        <div className="field">
          <label htmlFor="add-state-country">{t('members.country')}</label>
          <select id="add-state-country" name="country" required>
            {countries.status === 'success'
              ? countries.data
                  .filter((c) => c.iso2 !== null && !current.has(c.iso3))
                  .sort((a, b) => pickTranslated(a.name, lng).localeCompare(pickTranslated(b.name, lng)))
                  .map((c) => (
                    <option key={c.iso3} value={c.iso3}>
                      {pickTranslated(c.name, lng)} ({c.iso3})
                    </option>
                  ))
              : null}
          </select>
        </div>
        <div className="field">
          <label htmlFor="add-state-joined">{t('members.joinedOn')}</label>
          <input
            id="add-state-joined"
            name="joinedOn"
            type="date"
            defaultValue={today()}
            max={today()}
            required
          />
        </div>
        <button type="submit" className="button button--primary">
          {t('members.add')}
        </button>
      </form>
    </section>
  );
}

function ObserversSection({ view, onChange }: { view: MembersView; onChange: Change }) {
  const { t } = useTranslation();
  const organisations = useAsync((signal) => listOrganisations(signal), [view]);
  const current = new Set(view.observers.filter((o) => o.isCurrent).map((o) => o.organisation.id));

  async function handleAdd(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    await onChange(() =>
      addObserver(view.dialogueId, {
        organisationId: Number(form.get('organisationId')),
        joinedOn: String(form.get('joinedOn')),
      }),
    );
  }

  const candidates =
    organisations.status === 'success'
      ? organisations.data.filter(
          (o) => o.kind !== 'state' && o.id !== view.secretariat.id && !current.has(o.id),
        )
      : [];
  return (
    <section className="card" aria-labelledby="observers-title">
      <h2 id="observers-title">{t('members.observers')}</h2>
      {view.observers.length === 0 ? <p>{t('members.noObservers')}</p> : null}
      {view.observers.length > 0 ? (
        <table className="table" data-testid="member-observers">
          <thead>
            <tr>
              <th scope="col">{t('members.organisation')}</th>
              <th scope="col">{t('members.periods')}</th>
              <th scope="col">{t('members.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {view.observers.map((o) => (
              <tr key={o.organisation.id} data-current={o.isCurrent}>
                <td>
                  <OrganisationUsers organisation={o.organisation} />
                </td>
                <td>
                  <Periods periods={o.periods} />
                </td>
                <td>
                  {o.isCurrent ? (
                    <RemoveForm
                      label={o.organisation.name}
                      onRemove={(leftOn, reason) =>
                        onChange(() =>
                          removeObserver(view.dialogueId, o.organisation.id, {
                            leftOn,
                            ...(reason ? { reason } : {}),
                          }),
                        )
                      }
                    />
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      <h3>{t('members.addObserver')}</h3>
      {candidates.length === 0 ? (
        <p className="muted">{t('members.noCandidates')}</p>
      ) : (
        <form className="form" onSubmit={handleAdd} data-testid="add-observer">
          <div className="field">
            <label htmlFor="add-observer-org">{t('members.organisation')}</label>
            <select id="add-observer-org" name="organisationId" required>
              {candidates.map((o) => (
                <option key={o.id} value={o.id}>
                  {o.name}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="add-observer-joined">{t('members.joinedOn')}</label>
            <input
              id="add-observer-joined"
              name="joinedOn"
              type="date"
              defaultValue={today()}
              max={today()}
              required
            />
          </div>
          <button type="submit" className="button button--primary">
            {t('members.add')}
          </button>
        </form>
      )}
    </section>
  );
}

/** A new organisation: an authority of a member state (ministry, border police) or an international one. */
function OrganisationSection({ view, onCreated }: { view: MembersView; onCreated(): void }) {
  const { t } = useTranslation();
  const lng = currentLanguage();
  const [kind, setKind] = useState<'state' | 'international'>('state');
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const states = view.states.filter((s) => s.isCurrent);

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formElement = event.currentTarget;
    const form = new FormData(formElement);
    const acronym = String(form.get('acronym') ?? '').trim();
    setMessage(null);
    try {
      const created = await createOrganisation({
        kind,
        name: String(form.get('name') ?? '').trim(),
        ...(acronym ? { acronym } : {}),
        ...(kind === 'state' ? { countryIso3: String(form.get('country')) } : {}),
      });
      formElement.reset();
      setMessage({ ok: true, text: t('members.orgCreated', { name: created.name }) });
      onCreated();
    } catch (caught) {
      setMessage({ ok: false, text: problemText(caught, t('errors.generic')) });
    }
  }

  return (
    <section className="card" aria-labelledby="new-org-title">
      <h2 id="new-org-title">{t('members.newOrgTitle')}</h2>
      {message ? (
        <p className={message.ok ? 'notice' : 'notice notice--error'} role="status" data-testid="org-message">
          {message.text}
        </p>
      ) : null}
      <form className="form" onSubmit={handleSubmit} data-testid="new-organisation">
        <div className="field">
          <label htmlFor="org-kind">{t('members.kind')}</label>
          <select
            id="org-kind"
            value={kind}
            onChange={(e) => setKind(e.target.value === 'state' ? 'state' : 'international')}
          >
            <option value="state">{t('members.kindState')}</option>
            <option value="international">{t('members.kindInternational')}</option>
          </select>
        </div>
        {kind === 'state' ? (
          <div className="field">
            <label htmlFor="org-country">{t('members.orgCountry')}</label>
            <select id="org-country" name="country" required>
              {states.map((s) => (
                <option key={s.iso3} value={s.iso3}>
                  {pickTranslated(s.name, lng)}
                </option>
              ))}
            </select>
          </div>
        ) : null}
        <div className="field">
          <label htmlFor="org-name">{t('members.orgName')}</label>
          <input id="org-name" name="name" minLength={2} required />
        </div>
        <div className="field">
          <label htmlFor="org-acronym">{t('members.orgAcronym')}</label>
          <input id="org-acronym" name="acronym" maxLength={30} />
        </div>
        <button type="submit" className="button button--primary">
          {t('members.createOrg')}
        </button>
      </form>
    </section>
  );
}
