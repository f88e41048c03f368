import { type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { DataTable } from '../../ui/data-table';
import { useDialogue } from '../../ui/dialogue-context';
import { Field, fieldErrorsOf, Select } from '../../ui/form';
import { Page, Section } from '../../ui/page';
import { ErrorMessage, Loading } from '../../ui/status';
import { useAsync } from '../../ui/use-async';
import {
  DELIVERIES,
  deleteSubscription,
  listSubscriptions,
  type NoticeSavedFilter,
  type NoticeSubscriptionView,
  type SubscriptionDelivery,
  updateSubscription,
} from './subscriptions-api';

/**
 * /d/:slug/notices/subscriptions — my saved notice filters: what each follows, how it is delivered (bell,
 * e-mail at once, daily or weekly digest, webhook), how many notices matched; change (a new revision) or
 * delete. New ones are saved from the notices' filters ("Save this filter as a subscription").
 */
export function NoticeSubscriptionsPage() {
  const { t } = useTranslation();
  const { slug } = useDialogue();
  const [version, setVersion] = useState(0);
  const [editing, setEditing] = useState<number | null>(null);
  const state = useAsync((signal) => listSubscriptions(slug, signal), [slug, version]);
  const reload = () => setVersion((v) => v + 1);
  const items = state.status === 'success' ? state.data.items : [];
  const current = items.find((s) => s.id === editing);
  return (
    <Page
      title={t('noticeSubscriptions.title')}
      lead={t('noticeSubscriptions.intro')}
      testId="notice-subscriptions-page"
      breadcrumbs={[{ label: t('notices.title'), to: `/d/${slug}/notices` }]}
    >
      <Section title={t('noticeSubscriptions.mine')} testId="notice-subscriptions">
        {state.status === 'loading' ? <Loading /> : null}
        {state.status === 'error' ? <ErrorMessage error={state.error} onRetry={state.reload} /> : null}
        {state.status === 'success' ? (
          <DataTable
            testId="notice-subscriptions-table"
            rows={items}
            rowKey={(s) => s.id}
            empty={
              <>
                {t('noticeSubscriptions.empty')} <Link to={`/d/${slug}/notices`}>{t('notices.title')}</Link>
              </>
            }
            columns={[
              { key: 'name', header: t('noticeSubscriptions.name'), isRowHeader: true, cell: (s) => s.name },
              {
                key: 'filter',
                header: t('noticeSubscriptions.filter'),
                cell: (s) => <FilterText f={s.filter} />,
              },
              {
                key: 'delivery',
                header: t('noticeSubscriptions.delivery'),
                cell: (s) => (
                  <>
                    {t(`noticeSubscriptions.deliveries.${s.delivery}`)}
                    {s.webhookUrl ? <div className="muted">{s.webhookUrl}</div> : null}
                    {s.lastWebhookError ? <div className="field-error">{s.lastWebhookError}</div> : null}
                  </>
                ),
              },
              { key: 'matched', header: t('noticeSubscriptions.matched'), cell: (s) => String(s.matched) },
              {
                key: 'actions',
                header: '',
                cell: (s) => (
                  <>
                    <button
                      type="button"
                      onClick={() => setEditing(s.id)}
                      data-testid={`subscription-edit-${s.id}`}
                    >
                      {t('noticeSubscriptions.edit')}
                    </button>{' '}
                    <DeleteButton s={s} onDeleted={reload} />
                  </>
                ),
              },
            ]}
          />
        ) : null}
      </Section>
      {current ? (
        <EditSubscription
          key={`${current.id}:${current.revision}`}
          s={current}
          onDone={() => {
            setEditing(null);
            reload();
          }}
        />
      ) : null}
    </Page>
  );
}

/** The conditions of a saved filter in words ("any notice" when it has none). */
export function FilterText({ f }: { f: NoticeSavedFilter }) {
  const { t } = useTranslation();
  const parts: string[] = [];
  if (f.type) parts.push(t(`notices.types.${f.type}`));
  if (f.country) parts.push(`${t('notices.filter.country')}: ${f.country}`);
  if (f.route) parts.push(`${t('notices.field.routes')}: ${f.route}`);
  if (f.stage) parts.push(t(`notices.stages.${f.stage}`));
  if (f.q) parts.push(`“${f.q}”`);
  return <>{parts.length ? parts.join(' · ') : t('noticeSubscriptions.anyNotice')}</>;
}

/** One sentence on what a delivery does. */
export function DeliveryHint({ delivery }: { delivery: SubscriptionDelivery }) {
  const { t } = useTranslation();
  return <>{t(`noticeSubscriptions.hints.${delivery}`)}</>;
}

/** The fields of a subscription's delivery, when saving a filter and when changing a subscription. */
export function SubscriptionFields(p: {
  name: string;
  onName: (v: string) => void;
  delivery: SubscriptionDelivery;
  onDelivery: (v: SubscriptionDelivery) => void;
  webhookUrl: string;
  onWebhookUrl: (v: string) => void;
  webhookSecret: string;
  onWebhookSecret: (v: string) => void;
  error: (field: string) => ReactNode;
}) {
  const { t } = useTranslation();
  return (
    <>
      <Field label={`${t('noticeSubscriptions.name')} *`} error={p.error('body.name')}>
        <input name="name" required value={p.name} onChange={(e) => p.onName(e.target.value)} />
      </Field>
      <Field label={t('noticeSubscriptions.delivery')}>
        <Select
          name="delivery"
          value={p.delivery}
          options={DELIVERIES.map((d) => ({ value: d, label: t(`noticeSubscriptions.deliveries.${d}`) }))}
          onChange={(v) => p.onDelivery(DELIVERIES.find((d) => d === v) ?? 'in_app')}
        />
      </Field>
      {p.delivery === 'webhook' ? (
        <>
          <Field label={`${t('noticeSubscriptions.webhookUrl')} *`} error={p.error('body.webhookUrl')}>
            <input
              name="webhookUrl"
              type="url"
              required
              value={p.webhookUrl}
              onChange={(e) => p.onWebhookUrl(e.target.value)}
            />
          </Field>
          <Field label={`${t('noticeSubscriptions.webhookSecret')} *`} error={p.error('body.webhookSecret')}>
            <input
              name="webhookSecret"
              type="password"
              autoComplete="off"
              minLength={16}
              value={p.webhookSecret}
              onChange={(e) => p.onWebhookSecret(e.target.value)}
            />
          </Field>
        </>
      ) : null}
      <p className="muted">
        <DeliveryHint delivery={p.delivery} />
      </p>
    </>
  );
}

function DeleteButton({ s, onDeleted }: { s: NoticeSubscriptionView; onDeleted: () => void }) {
  const { t } = useTranslation();
  const { slug } = useDialogue();
  const [error, setError] = useState<unknown>(null);
  return (
    <>
      <button
        type="button"
        data-testid={`subscription-delete-${s.id}`}
        onClick={async () => {
          if (!window.confirm(t('noticeSubscriptions.confirmDelete', { name: s.name }))) return;
          try {
            await deleteSubscription(slug, s.id);
            onDeleted();
          } catch (e) {
            setError(e);
          }
        }}
      >
        {t('noticeSubscriptions.delete')}
      </button>
      {error ? <ErrorMessage error={error} /> : null}
    </>
  );
}

function EditSubscription({ s, onDone }: { s: NoticeSubscriptionView; onDone: () => void }) {
  const { t } = useTranslation();
  const { slug } = useDialogue();
  const [name, setName] = useState(s.name);
  const [delivery, setDelivery] = useState<SubscriptionDelivery>(s.delivery);
  const [webhookUrl, setWebhookUrl] = useState(s.webhookUrl ?? '');
  const [webhookSecret, setWebhookSecret] = useState('');
  const [error, setError] = useState<unknown>(null);
  const fieldError = fieldErrorsOf(error);
  const submit = async () => {
    setError(null);
    try {
      await updateSubscription(slug, s.id, {
        name,
        delivery,
        expectedRevision: s.revision,
        ...(delivery === 'webhook' ? { webhookUrl, ...(webhookSecret ? { webhookSecret } : {}) } : {}),
      });
      onDone();
    } catch (e) {
      setError(e);
    }
  };
  return (
    <Section title={t('noticeSubscriptions.editTitle', { name: s.name })} testId="notice-subscription-edit">
      <form
        className="form"
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <SubscriptionFields
          name={name}
          onName={setName}
          delivery={delivery}
          onDelivery={setDelivery}
          webhookUrl={webhookUrl}
          onWebhookUrl={setWebhookUrl}
          webhookSecret={webhookSecret}
          onWebhookSecret={setWebhookSecret}
          error={fieldError}
        />
        <button type="submit">{t('noticeSubscriptions.save')}</button>{' '}
        <button type="button" onClick={onDone}>
          {t('noticeSubscriptions.cancel')}
        </button>
        {error ? <ErrorMessage error={error} /> : null}
      </form>
    </Section>
  );
}
