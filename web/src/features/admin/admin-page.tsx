import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAuthenticatedSession } from '../../app/session';
import { isApiError } from '../../ui/api-client';
import { DataTable } from '../../ui/data-table';
import { Page, Section } from '../../ui/page';
import { ErrorMessage, Loading } from '../../ui/status';
import { useAsync } from '../../ui/use-async';
import { ROLES, type Role } from '../auth/api';
import { listDialogues } from '../dialogues/api';
import {
  type AdminUserView,
  addDialogueUser,
  grantRole,
  listDialogueUsers,
  listOrganisations,
  revokeRole,
  setUserActive,
} from './api';

/** `/admin`: users and roles of the dialogues the user administers. */
export function AdminPage() {
  const { t } = useTranslation();
  const session = useAuthenticatedSession();
  const adminOf = session.memberships.filter((m) => m.abilities.canAdministerUsers).map((m) => m.dialogueId);
  const [dialogueId, setDialogueId] = useState<number | undefined>(adminOf[0]);
  const dialogues = useAsync((signal) => listDialogues(signal), []);
  const names = new Map(dialogues.status === 'success' ? dialogues.data.map((d) => [d.id, d.name]) : []);

  return (
    <Page title={t('admin.title')}>
      {dialogueId === undefined ? (
        <p className="notice">{t('admin.notAdmin')}</p>
      ) : (
        <>
          {adminOf.length > 1 ? (
            <div className="field field--inline">
              <label htmlFor="admin-dialogue">{t('admin.dialogue')}</label>
              <select
                id="admin-dialogue"
                value={dialogueId}
                onChange={(e) => setDialogueId(Number(e.target.value))}
              >
                {adminOf.map((id) => (
                  <option key={id} value={id}>
                    {names.get(id) ?? id}
                  </option>
                ))}
              </select>
            </div>
          ) : null}
          <DialogueUsers dialogueId={dialogueId} selfId={session.user.id} />
        </>
      )}
    </Page>
  );
}

function DialogueUsers({ dialogueId, selfId }: { dialogueId: number; selfId: number }) {
  const { t } = useTranslation();
  const users = useAsync((signal) => listDialogueUsers(dialogueId, signal), [dialogueId]);
  const [error, setError] = useState<string | null>(null);

  async function act(action: () => Promise<unknown>) {
    setError(null);
    try {
      await action();
      users.reload();
    } catch (caught) {
      setError(isApiError(caught) ? (caught.problem.detail ?? t('errors.generic')) : t('errors.generic'));
    }
  }

  return (
    <>
      {error ? (
        <p className="notice notice--error" role="alert">
          {error}
        </p>
      ) : null}
      <Section title={t('admin.users')}>
        {users.status === 'loading' ? <Loading /> : null}
        {users.status === 'error' ? <ErrorMessage error={users.error} onRetry={users.reload} /> : null}
        {users.status === 'success' ? (
          <DataTable
            testId="admin-users"
            rows={users.data}
            rowKey={(u) => u.id}
            initialSort={{ key: 'name', direction: 'ascending' }}
            columns={[
              {
                key: 'name',
                header: t('admin.name'),
                sortBy: (u) => u.name,
                cell: (u) => (
                  <>
                    {u.name}
                    <br />
                    <span className="muted">{u.email}</span>
                  </>
                ),
              },
              {
                key: 'organisation',
                header: t('admin.organisation'),
                sortBy: (u) => u.organisation.name,
                cell: (u) => u.organisation.name,
              },
              {
                key: 'roles',
                header: t('admin.roles'),
                cell: (u) => (
                  <RolesCell
                    user={u}
                    isSelf={u.id === selfId}
                    onGrant={(role) => act(() => grantRole(dialogueId, u.id, role))}
                    onRevoke={(role) => act(() => revokeRole(dialogueId, u.id, role))}
                  />
                ),
              },
              {
                key: 'two-factor',
                header: t('admin.twoFactor'),
                cell: (u) => (u.hasTwoFactor ? t('admin.yes') : t('admin.no')),
              },
              {
                key: 'status',
                header: t('admin.status'),
                cell: (u) => (
                  <>
                    {u.isActive ? t('admin.active') : t('admin.inactive')}{' '}
                    {u.id === selfId ? null : (
                      <button
                        type="button"
                        className="button button--small"
                        onClick={() => void act(() => setUserActive(dialogueId, u.id, !u.isActive))}
                      >
                        {u.isActive ? t('admin.deactivate') : t('admin.reactivate')}
                      </button>
                    )}
                  </>
                ),
              },
            ]}
          />
        ) : null}
      </Section>
      <AddUserForm dialogueId={dialogueId} onAdded={users.reload} />
    </>
  );
}

function RolesCell({
  user,
  isSelf,
  onGrant,
  onRevoke,
}: {
  user: AdminUserView;
  isSelf: boolean;
  onGrant(role: Role): void;
  onRevoke(role: Role): void;
}) {
  const { t } = useTranslation();
  const missing = ROLES.filter((r) => !user.roles.includes(r));
  const [role, setRole] = useState<Role | ''>('');
  return (
    <>
      <ul className="inline-list">
        {user.roles.map((r) => (
          <li key={r}>
            {t(`roles.${r}`)}{' '}
            {isSelf ? null : (
              <button
                type="button"
                className="button button--small"
                aria-label={t('admin.revokeRole', { role: t(`roles.${r}`), name: user.name })}
                onClick={() => onRevoke(r)}
              >
                ×
              </button>
            )}
          </li>
        ))}
      </ul>
      {isSelf || missing.length === 0 ? null : (
        <span>
          <select
            aria-label={t('admin.roleToGrant', { name: user.name })}
            value={role}
            onChange={(e) => setRole(e.target.value as Role | '')}
          >
            <option value="">—</option>
            {missing.map((r) => (
              <option key={r} value={r}>
                {t(`roles.${r}`)}
              </option>
            ))}
          </select>{' '}
          <button
            type="button"
            className="button button--small"
            disabled={role === ''}
            onClick={() => role && onGrant(role)}
          >
            {t('admin.grant')}
          </button>
        </span>
      )}
    </>
  );
}

function AddUserForm({ dialogueId, onAdded }: { dialogueId: number; onAdded(): void }) {
  const { t } = useTranslation();
  const organisations = useAsync((signal) => listOrganisations(signal), []);
  const [result, setResult] = useState<{ ok: boolean; text: string; invitation?: string } | null>(null);

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formElement = event.currentTarget;
    const form = new FormData(formElement);
    const password = String(form.get('password') ?? '');
    try {
      const added = await addDialogueUser(dialogueId, {
        organisationId: Number(form.get('organisationId')),
        email: String(form.get('email')).trim(),
        name: String(form.get('name')).trim(),
        roles: [String(form.get('role')) as Role],
        ...(password ? { password } : {}),
      });
      formElement.reset();
      setResult({
        ok: true,
        text: t('admin.added', { name: added.user.name }),
        ...(added.invitationToken ? { invitation: added.invitationToken } : {}),
      });
      onAdded();
    } catch (caught) {
      setResult({
        ok: false,
        text: isApiError(caught) ? (caught.problem.detail ?? '') : t('errors.generic'),
      });
    }
  }

  return (
    <Section title={t('admin.addUser')}>
      {result ? (
        <div className={result.ok ? 'notice' : 'notice notice--error'} role="status">
          <p>{result.text}</p>
          {result.invitation ? (
            <p>
              {t('admin.invitationOnce')} <code>{result.invitation}</code>
            </p>
          ) : null}
        </div>
      ) : null}
      <form className="form form--columns" onSubmit={handleSubmit}>
        <div className="field">
          <label htmlFor="add-org">{t('admin.organisation')}</label>
          <select id="add-org" name="organisationId" required>
            {organisations.status === 'success'
              ? organisations.data.map((o) => (
                  <option key={o.id} value={o.id}>
                    {o.name}
                  </option>
                ))
              : null}
          </select>
        </div>
        <div className="field">
          <label htmlFor="add-email">{t('login.email')}</label>
          <input id="add-email" name="email" type="email" required />
        </div>
        <div className="field">
          <label htmlFor="add-name">{t('admin.name')}</label>
          <input id="add-name" name="name" required />
        </div>
        <div className="field">
          <label htmlFor="add-role">{t('admin.role')}</label>
          <select id="add-role" name="role" required>
            {ROLES.map((r) => (
              <option key={r} value={r}>
                {t(`roles.${r}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="add-password">{t('admin.initialPassword')}</label>
          <input
            id="add-password"
            name="password"
            type="password"
            minLength={12}
            autoComplete="new-password"
          />
        </div>
        <div className="form__actions">
          <button type="submit" className="button button--primary">
            {t('admin.add')}
          </button>
        </div>
      </form>
    </Section>
  );
}
