import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { FieldError } from '../../../ui/form';
import { ErrorMessage, Loading } from '../../../ui/status';
import { useAsync } from '../../../ui/use-async';
import { fetchDialogueOrganisations } from '../api';

/**
 * The organisations of the dialogue a restricted record is shared with (`sharedWithOrgIds`): one checkbox per
 * organisation, errors by position. Indicators, routes and agreements use it.
 */
export function SharedWithChoice({
  slug,
  value,
  onChange,
  error,
}: {
  slug: string;
  value: number[];
  onChange: (ids: number[]) => void;
  error: unknown;
}) {
  const { t } = useTranslation();
  const id = useId();
  const orgs = useAsync((signal) => fetchDialogueOrganisations(slug, signal), [slug]);
  return (
    <fieldset className="field-group" data-testid="shared-with">
      <legend>{t('sharing.sharedWith')}</legend>
      <p className="muted small">{t('sharing.help')}</p>
      {orgs.status === 'loading' ? <Loading /> : null}
      {orgs.status === 'error' ? <ErrorMessage error={orgs.error} onRetry={orgs.reload} /> : null}
      {orgs.status === 'success'
        ? orgs.data.map((o) => (
            <div className="field field--checkbox" key={o.id}>
              <input
                id={`${id}-${o.id}`}
                type="checkbox"
                name={`shared-${o.id}`}
                checked={value.includes(o.id)}
                onChange={(e) =>
                  onChange(e.target.checked ? [...value, o.id] : value.filter((x) => x !== o.id))
                }
              />
              <label htmlFor={`${id}-${o.id}`}>
                {o.name}
                {o.country ? ` (${o.country})` : ''}
              </label>
            </div>
          ))
        : null}
      {value.map((orgId, i) => (
        <FieldError key={orgId} error={error} field={`body.sharedWithOrgIds[${i}]`} />
      ))}
      <FieldError error={error} field="body.sharedWithOrgIds" />
    </fieldset>
  );
}
