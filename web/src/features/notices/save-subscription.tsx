import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useDialogue } from '../../ui/dialogue-context';
import { fieldErrorsOf } from '../../ui/form';
import { ErrorMessage } from '../../ui/status';
import { MEASURE_TYPES, NOTICE_STAGES, type NoticeFilter } from './api';
import { createSubscription, type NoticeSavedFilter, type SubscriptionDelivery } from './subscriptions-api';
import { SubscriptionFields } from './subscriptions-page';

/** What of the feed's filter a subscription keeps (it looks ahead: no dates, no drafts). */
export function savedFilterOf(f: NoticeFilter): NoticeSavedFilter {
  const str = (v: unknown) => (typeof v === 'string' && v ? v : undefined);
  const out: NoticeSavedFilter = {};
  const type = MEASURE_TYPES.find((m) => m === f.type);
  const stage = NOTICE_STAGES.find((x) => x === f.stage);
  const country = str(f.country);
  const route = str(f.route);
  const q = str(f.q);
  if (type) out.type = type;
  if (country) out.country = country;
  if (route) out.route = route;
  if (stage) out.stage = stage;
  if (q) out.q = q;
  return out;
}

/** "Save this filter as a subscription": a name and a delivery, under the notices' filters. */
export function SaveSubscription({ filter }: { filter: NoticeFilter }) {
  const { t } = useTranslation();
  const { slug } = useDialogue();
  const [open, setOpen] = useState(false);
  const [name, setName] = useState('');
  const [delivery, setDelivery] = useState<SubscriptionDelivery>('in_app');
  const [webhookUrl, setWebhookUrl] = useState('');
  const [webhookSecret, setWebhookSecret] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const fieldError = fieldErrorsOf(error);
  if (!open)
    return (
      <p>
        <button type="button" data-testid="notices-subscribe" onClick={() => setOpen(true)}>
          {t('noticeSubscriptions.saveFilter')}
        </button>{' '}
        {saved ? (
          <span role="status" data-testid="notices-subscribed">
            {t('noticeSubscriptions.saved', { name: saved })}{' '}
          </span>
        ) : null}
        <Link to={`/d/${slug}/notices/subscriptions`}>{t('noticeSubscriptions.title')}</Link>
      </p>
    );
  const submit = async () => {
    setBusy(true);
    setError(null);
    try {
      const s = await createSubscription(slug, {
        name,
        filter: savedFilterOf(filter),
        delivery,
        ...(delivery === 'webhook' ? { webhookUrl, webhookSecret } : {}),
      });
      setSaved(s.name);
      setOpen(false);
      setName('');
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form
      className="form"
      data-testid="notices-subscribe-form"
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <p>{t('noticeSubscriptions.saveLead')}</p>
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
      <button type="submit" disabled={busy}>
        {t('noticeSubscriptions.save')}
      </button>{' '}
      <button type="button" onClick={() => setOpen(false)}>
        {t('noticeSubscriptions.cancel')}
      </button>
      {error ? <ErrorMessage error={error} /> : null}
    </form>
  );
}
