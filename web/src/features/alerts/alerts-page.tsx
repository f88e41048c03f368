import { TOTAL_CODE } from '@passage/contract/constants';
import type { TFunction } from 'i18next';
import { type FormEvent, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Language } from '../../app/i18n/i18n';
import { isApiError } from '../../ui/api-client';
import { DataTable } from '../../ui/data-table';
import { useDialogue } from '../../ui/dialogue-context';
import { dateTimeFormat, pickTranslated } from '../../ui/format';
import { Page } from '../../ui/page';
import { AsyncList, ErrorMessage, Loading } from '../../ui/status';
import { useAsync } from '../../ui/use-async';
import type { DialogueHome } from '../dialogues/api';
import {
  type AlertDetail,
  type AlertRuleCreateBody,
  type AlertRuleView,
  type AlertView,
  acknowledgeAlert,
  announceNotificationsChanged,
  commentAlert,
  createRule,
  createSubscription,
  deleteRule,
  deleteSubscription,
  evaluateRule,
  getAlert,
  listDeliveries,
  listFeed,
  listRules,
  listSubscriptions,
  RULE_KINDS,
  type RuleKind,
  type SubscriptionView,
  setRuleActive,
} from './api';
import { definitionNumber, definitionSide, RuleKindName, ruleKindOf } from './rule-kinds';

function useNumber() {
  const { i18n } = useTranslation();
  const f = new Intl.NumberFormat(i18n.language, { maximumFractionDigits: 1 });
  return (x: number | null | undefined) => (x === null || x === undefined ? '—' : f.format(x));
}

/** Field errors of a problem+json answer, by field path (e.g. body.definition.above). */
function fieldErrors(error: unknown): Record<string, string> {
  if (!isApiError(error)) return {};
  return Object.fromEntries((error.problem.errors ?? []).map((e) => [e.field ?? '', e.message]));
}

/** /d/:slug/alerts — rules, the alert feed (acknowledge, comment), subscriptions and deliveries. */
export function AlertsPage() {
  const { t } = useTranslation();
  const { slug, dialogue } = useDialogue();
  const [version, setVersion] = useState(0);
  const bump = () => {
    setVersion((v) => v + 1);
    announceNotificationsChanged();
  };

  return (
    <Page title={t('alerts.title')} lead={t('alerts.intro')}>
      <AlertFeed slug={slug} version={version} onChange={bump} />
      <RulesSection slug={slug} home={dialogue} version={version} onChange={bump} />
      <SubscriptionsSection slug={slug} />
      <DeliveriesSection slug={slug} version={version} />
    </Page>
  );
}

// TFunction, not ReturnType<typeof useTranslation>['t']: the latter is too deep for TypeScript with many keys.
const CHANNELS = ['in_app', 'email', 'webhook'] as const satisfies readonly SubscriptionView['channel'][];
const channelOf = (value: string): SubscriptionView['channel'] =>
  CHANNELS.find((c) => c === value) ?? 'in_app';

function describeDefinition(t: TFunction, d: Record<string, unknown>): string {
  const kind = ruleKindOf(d.kind);
  switch (kind) {
    case 'threshold':
      return t('alerts.define.threshold', { value: definitionNumber(d, 'above') });
    case 'yoy':
    case 'mom':
      return t(`alerts.define.${kind}`, { value: definitionNumber(d, 'abovePct') });
    case 'forecast_interval':
      return t('alerts.define.forecast_interval', { side: t(`alerts.sides.${definitionSide(d)}`) });
    case 'level_shift':
      return t('alerts.define.level_shift', { months: definitionNumber(d, 'withinMonths') ?? 3 });
    case 'route_shift':
      return t('alerts.define.route_shift', { value: definitionNumber(d, 'abovePoints') });
    case null:
      return String(d.kind);
  }
}

function RulesSection({
  slug,
  home,
  version,
  onChange,
}: {
  slug: string;
  home: DialogueHome;
  version: number;
  onChange: () => void;
}) {
  const { t, i18n } = useTranslation();
  const { can } = useDialogue();
  const ids = useId();
  const rules = useAsync((signal) => listRules(slug, signal), [slug, version]);
  const [kind, setKind] = useState<RuleKind>('threshold');
  const [error, setError] = useState<unknown>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [isBusy, setBusy] = useState(false);
  const errors = fieldErrors(error);
  const lng = i18n.language as Language;

  async function handleCreate(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formElement = event.currentTarget;
    const form = new FormData(formElement);
    const num = (k: string) => Number(String(form.get(k) ?? ''));
    const definition: AlertRuleCreateBody['definition'] =
      kind === 'threshold'
        ? { kind, above: num('above') }
        : kind === 'yoy' || kind === 'mom'
          ? { kind, abovePct: num('abovePct') }
          : kind === 'forecast_interval'
            ? { kind, side: String(form.get('side')) as 'above' | 'below' | 'both' }
            : kind === 'level_shift'
              ? { kind, withinMonths: num('withinMonths') }
              : { kind, abovePoints: num('abovePoints') };
    const citizenship = String(form.get('citizenship') ?? '')
      .trim()
      .toUpperCase();
    setBusy(true);
    setError(null);
    setNotice(null);
    try {
      await createRule(slug, {
        name: String(form.get('name') ?? ''),
        indicator: String(form.get('indicator')),
        route: String(form.get('route')),
        ...(citizenship ? { citizenship } : {}),
        definition,
      });
      formElement.reset();
      setNotice(t('alerts.rules.created'));
      onChange();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  async function handleEvaluate(rule: AlertRuleView) {
    setNotice(null);
    setError(null);
    try {
      const r = await evaluateRule(slug, rule.id);
      setNotice(t('alerts.rules.evaluated', { count: r.created }));
      onChange();
    } catch (e) {
      setError(e);
    }
  }

  async function handleToggle(rule: AlertRuleView) {
    await setRuleActive(slug, rule.id, !rule.isActive).catch(setError);
    onChange();
  }

  async function handleDelete(rule: AlertRuleView) {
    if (!window.confirm(t('alerts.rules.confirmDelete', { name: rule.name }))) return;
    await deleteRule(slug, rule.id).catch(setError);
    onChange();
  }

  const field = (name: string) =>
    errors[`body.${name}`] ? (
      <p className="field-error" id={`${ids}-${name}-error`}>
        {errors[`body.${name}`]}
      </p>
    ) : null;

  return (
    <section className="panel" aria-labelledby={`${ids}-title`}>
      <h2 id={`${ids}-title`}>{t('alerts.rules.title')}</h2>
      {can.canCreateAlertRules ? (
        <form
          className="form alert-rule-form"
          onSubmit={(e) => void handleCreate(e)}
          data-testid="alert-rule-form"
        >
          <div className="field">
            <label htmlFor={`${ids}-name`}>{t('alerts.rules.name')}</label>
            <input id={`${ids}-name`} name="name" required maxLength={200} />
            {field('name')}
          </div>
          <div className="field">
            <label htmlFor={`${ids}-indicator`}>{t('alerts.rules.indicator')}</label>
            <select id={`${ids}-indicator`} name="indicator" defaultValue={home.indicators[0]?.code}>
              {home.indicators.map((i) => (
                <option key={i.code} value={i.code}>
                  {i.code} — {pickTranslated(i.name, lng)}
                </option>
              ))}
            </select>
            {field('indicator')}
          </div>
          <div className="field">
            <label htmlFor={`${ids}-route`}>{t('alerts.rules.route')}</label>
            <select id={`${ids}-route`} name="route" defaultValue={home.routes[0]?.code ?? TOTAL_CODE}>
              {home.routes.map((r) => (
                <option key={r.code} value={r.code}>
                  {r.name}
                </option>
              ))}
              <option value={TOTAL_CODE}>{t('alerts.rules.noRoute')}</option>
            </select>
            {field('route')}
          </div>
          <div className="field">
            <label htmlFor={`${ids}-citizenship`}>{t('alerts.rules.citizenship')}</label>
            <input id={`${ids}-citizenship`} name="citizenship" maxLength={8} pattern="[A-Za-z0-9_]{2,8}" />
            {field('citizenship')}
          </div>
          <div className="field">
            <label htmlFor={`${ids}-kind`}>{t('alerts.rules.kind')}</label>
            <select
              id={`${ids}-kind`}
              name="kind"
              value={kind}
              onChange={(e) => setKind(e.target.value as RuleKind)}
              data-testid="alert-rule-kind"
            >
              {RULE_KINDS.map((k) => (
                <option key={k} value={k}>
                  {t(`alerts.kinds.${k}`)}
                </option>
              ))}
            </select>
          </div>
          {kind === 'threshold' ? (
            <div className="field">
              <label htmlFor={`${ids}-above`}>{t('alerts.rules.above')}</label>
              <input id={`${ids}-above`} name="above" type="number" min={0} step="any" required />
              {field('definition.above')}
            </div>
          ) : null}
          {kind === 'yoy' || kind === 'mom' ? (
            <div className="field">
              <label htmlFor={`${ids}-pct`}>{t('alerts.rules.abovePct')}</label>
              <input id={`${ids}-pct`} name="abovePct" type="number" min={0} step="any" required />
              {field('definition.abovePct')}
            </div>
          ) : null}
          {kind === 'forecast_interval' ? (
            <div className="field">
              <label htmlFor={`${ids}-side`}>{t('alerts.rules.side')}</label>
              <select id={`${ids}-side`} name="side" defaultValue="above">
                {(['above', 'below', 'both'] as const).map((s) => (
                  <option key={s} value={s}>
                    {t(`alerts.sides.${s}`)}
                  </option>
                ))}
              </select>
            </div>
          ) : null}
          {kind === 'level_shift' ? (
            <div className="field">
              <label htmlFor={`${ids}-within`}>{t('alerts.rules.withinMonths')}</label>
              <input
                id={`${ids}-within`}
                name="withinMonths"
                type="number"
                min={1}
                max={12}
                defaultValue={3}
              />
              {field('definition.withinMonths')}
            </div>
          ) : null}
          {kind === 'route_shift' ? (
            <div className="field">
              <label htmlFor={`${ids}-points`}>{t('alerts.rules.abovePoints')}</label>
              <input
                id={`${ids}-points`}
                name="abovePoints"
                type="number"
                min={0.1}
                max={100}
                step="any"
                required
              />
              {field('definition.abovePoints')}
            </div>
          ) : null}
          <div>
            <button type="submit" className="button button--primary" disabled={isBusy}>
              {t('alerts.rules.create')}
            </button>
          </div>
        </form>
      ) : null}
      {notice ? (
        <p className="notice notice--success" role="status" data-testid="alerts-notice">
          {notice}
        </p>
      ) : null}
      {error && Object.keys(errors).length === 0 ? <ErrorMessage error={error} /> : null}
      <AsyncList state={rules} empty={t('alerts.rules.empty')}>
        {(items) => (
          <DataTable
            testId="alert-rules"
            rows={items}
            rowKey={(r) => r.id}
            rowProps={(r) => ({ 'data-testid': `alert-rule-${r.id}` })}
            columns={[
              { key: 'name', header: t('alerts.rules.name'), sortBy: (r) => r.name, cell: (r) => r.name },
              {
                key: 'series',
                header: t('alerts.rules.series'),
                cell: (r) =>
                  `${r.indicator} / ${r.route === TOTAL_CODE ? t('alerts.rules.noRoute') : r.route}${
                    r.citizenship ? ` / ${r.citizenship}` : ''
                  }`,
              },
              {
                key: 'condition',
                header: t('alerts.rules.condition'),
                cell: (r) => describeDefinition(t, r.definition),
              },
              {
                key: 'owner',
                header: t('alerts.rules.owner'),
                sortBy: (r) => r.owner.name,
                cell: (r) => r.owner.name,
              },
              {
                key: 'active',
                header: t('alerts.rules.active'),
                cell: (r) => (r.isActive ? t('alerts.yes') : t('alerts.no')),
              },
              {
                key: 'actions',
                header: t('alerts.rules.actions'),
                className: 'actions',
                cell: (r) => (
                  <>
                    <button
                      type="button"
                      className="button button--secondary"
                      onClick={() => void handleEvaluate(r)}
                    >
                      {t('alerts.rules.evaluate')}
                    </button>{' '}
                    {r.abilities.update ? (
                      <button
                        type="button"
                        className="button button--secondary"
                        onClick={() => void handleToggle(r)}
                      >
                        {r.isActive ? t('alerts.rules.pause') : t('alerts.rules.resume')}
                      </button>
                    ) : null}{' '}
                    {r.abilities.delete ? (
                      <button
                        type="button"
                        className="button button--secondary"
                        onClick={() => void handleDelete(r)}
                      >
                        {t('alerts.rules.delete')}
                      </button>
                    ) : null}
                  </>
                ),
              },
            ]}
          />
        )}
      </AsyncList>
    </section>
  );
}

function useDescribeAlert() {
  const { t } = useTranslation();
  const n = useNumber();
  return (a: AlertView) => {
    const kind = ruleKindOf(a.kind);
    if (kind === null) return a.kind;
    return t(`alerts.describe.${kind}`, {
      value: n(a.value),
      reference: n(a.reference),
      change: n(typeof a.details.changePct === 'number' ? a.details.changePct : null),
      series: a.seriesKey,
    });
  };
}

function AlertFeed({ slug, version, onChange }: { slug: string; version: number; onChange: () => void }) {
  const { t, i18n } = useTranslation();
  const ids = useId();
  const [isMine, setMine] = useState(false);
  const [isOpenOnly, setOpenOnly] = useState(false);
  const feed = useAsync(
    (signal) => listFeed(slug, { mine: isMine, unacknowledged: isOpenOnly }, signal),
    [slug, version, isMine, isOpenOnly],
  );
  const describe = useDescribeAlert();
  const [expanded, setExpanded] = useState<number | null>(null);
  const date = dateTimeFormat(i18n.language, { dateStyle: 'medium', timeStyle: 'short' });

  async function handleAcknowledge(a: AlertView) {
    await acknowledgeAlert(slug, a.id).catch(() => {});
    onChange();
  }

  return (
    <section className="panel" aria-labelledby={`${ids}-title`}>
      <h2 id={`${ids}-title`}>{t('alerts.feed.title')}</h2>
      <div className="filters">
        <label>
          <input type="checkbox" checked={isMine} onChange={(e) => setMine(e.target.checked)} />{' '}
          {t('alerts.feed.mine')}
        </label>{' '}
        <label>
          <input type="checkbox" checked={isOpenOnly} onChange={(e) => setOpenOnly(e.target.checked)} />{' '}
          {t('alerts.feed.unacknowledged')}
        </label>
      </div>
      <AsyncList state={feed} empty={t('alerts.feed.empty')}>
        {(items) => (
          <ul className="alert-feed" data-testid="alert-feed">
            {items.map((a) => (
              <li key={a.id} id={`alert-${a.id}`} className="alert-item" data-testid="alert-item">
                <p>
                  <strong>{a.rule.name}</strong> · <RuleKindName kind={a.kind} /> · {a.indicator}
                  {a.route === TOTAL_CODE ? '' : ` / ${a.route}`} · {a.period}
                </p>
                <p data-testid="alert-description">{describe(a)}</p>
                <p className="small muted">
                  {t('alerts.feed.raised', { date: date.format(new Date(a.createdAt)) })} ·{' '}
                  {t('alerts.feed.acknowledgements', { count: a.acknowledgements })} ·{' '}
                  {t('alerts.feed.comments', { count: a.comments })}
                </p>
                <p>
                  {a.acknowledgedAt ? (
                    <span className="badge">{t('alerts.feed.acknowledged')}</span>
                  ) : (
                    <button
                      type="button"
                      className="button button--secondary"
                      onClick={() => void handleAcknowledge(a)}
                    >
                      {t('alerts.feed.acknowledge')}
                    </button>
                  )}{' '}
                  <button
                    type="button"
                    className="button button--secondary"
                    aria-expanded={expanded === a.id}
                    onClick={() => setExpanded(expanded === a.id ? null : a.id)}
                  >
                    {t('alerts.feed.discuss')}
                  </button>
                </p>
                {expanded === a.id ? <AlertComments slug={slug} id={a.id} onChange={onChange} /> : null}
              </li>
            ))}
          </ul>
        )}
      </AsyncList>
    </section>
  );
}

function AlertComments({ slug, id, onChange }: { slug: string; id: number; onChange: () => void }) {
  const { t, i18n } = useTranslation();
  const ids = useId();
  const { can } = useDialogue();
  const [detail, setDetail] = useState<AlertDetail | null>(null);
  const loaded = useAsync((signal) => getAlert(slug, id, signal), [slug, id]);
  const shown = detail ?? (loaded.status === 'success' ? loaded.data : null);
  const [error, setError] = useState<unknown>(null);
  const date = dateTimeFormat(i18n.language, { dateStyle: 'medium', timeStyle: 'short' });

  async function handleComment(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const body = String(new FormData(form).get('body') ?? '');
    try {
      setDetail(await commentAlert(slug, id, body));
      form.reset();
      onChange();
    } catch (e) {
      setError(e);
    }
  }

  return (
    <div className="alert-comments">
      {loaded.status === 'loading' ? <Loading /> : null}
      <ul>
        {shown?.commentList.map((c) => (
          <li key={c.id}>
            <strong>{c.author.name}</strong> ({date.format(new Date(c.createdAt))}): {c.body}
          </li>
        ))}
      </ul>
      {can.canComment ? (
        <form className="form" onSubmit={(e) => void handleComment(e)}>
          <label htmlFor={`${ids}-comment`}>{t('alerts.feed.comment')}</label>
          <textarea id={`${ids}-comment`} name="body" required maxLength={4000} rows={2} />
          <button type="submit" className="button button--secondary">
            {t('alerts.feed.send')}
          </button>
        </form>
      ) : null}
      {error ? <ErrorMessage error={error} /> : null}
    </div>
  );
}

function SubscriptionsSection({ slug }: { slug: string }) {
  const { t } = useTranslation();
  const ids = useId();
  const [version, setVersion] = useState(0);
  const subs = useAsync((signal) => listSubscriptions(slug, signal), [slug, version]);
  const [channel, setChannel] = useState<SubscriptionView['channel']>('in_app');
  const [error, setError] = useState<unknown>(null);
  const errors = fieldErrors(error);

  async function handleCreate(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    const scope = String(data.get('scope')) as 'own' | 'all';
    setError(null);
    try {
      await createSubscription(
        slug,
        channel === 'webhook'
          ? { channel, scope, url: String(data.get('url') ?? ''), secret: String(data.get('secret') ?? '') }
          : { channel, scope },
      );
      form.reset();
      setChannel('in_app');
      setVersion((v) => v + 1);
    } catch (e) {
      setError(e);
    }
  }

  async function handleDelete(id: number) {
    await deleteSubscription(slug, id).catch(setError);
    setVersion((v) => v + 1);
  }

  return (
    <section className="panel" aria-labelledby={`${ids}-title`}>
      <h2 id={`${ids}-title`}>{t('alerts.subscriptions.title')}</h2>
      <p className="small muted">{t('alerts.subscriptions.intro')}</p>
      {subs.status === 'success' && subs.data.length > 0 ? (
        <DataTable
          testId="alert-subscriptions"
          rows={subs.data}
          rowKey={(sub) => sub.id}
          columns={[
            {
              key: 'channel',
              header: t('alerts.subscriptions.channel'),
              cell: (sub) => t(`alerts.channels.${sub.channel}`),
            },
            {
              key: 'scope',
              header: t('alerts.subscriptions.scope'),
              cell: (sub) => t(`alerts.scopes.${sub.scope}`),
            },
            { key: 'target', header: t('alerts.subscriptions.target'), cell: (sub) => sub.target ?? '—' },
            {
              key: 'actions',
              header: t('alerts.rules.actions'),
              cell: (sub) => (
                <button
                  type="button"
                  className="button button--secondary"
                  onClick={() => void handleDelete(sub.id)}
                >
                  {t('alerts.subscriptions.remove')}
                </button>
              ),
            },
          ]}
        />
      ) : null}
      {subs.status === 'error' ? <ErrorMessage error={subs.error} onRetry={subs.reload} /> : null}
      <form className="form" onSubmit={(e) => void handleCreate(e)}>
        <div className="field">
          <label htmlFor={`${ids}-channel`}>{t('alerts.subscriptions.channel')}</label>
          <select
            id={`${ids}-channel`}
            value={channel}
            onChange={(e) => setChannel(channelOf(e.target.value))}
          >
            {CHANNELS.map((c) => (
              <option key={c} value={c}>
                {t(`alerts.channels.${c}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${ids}-scope`}>{t('alerts.subscriptions.scope')}</label>
          <select id={`${ids}-scope`} name="scope" defaultValue="own">
            {(['own', 'all'] as const).map((s) => (
              <option key={s} value={s}>
                {t(`alerts.scopes.${s}`)}
              </option>
            ))}
          </select>
        </div>
        {channel === 'webhook' ? (
          <>
            <div className="field">
              <label htmlFor={`${ids}-url`}>{t('alerts.subscriptions.url')}</label>
              <input id={`${ids}-url`} name="url" type="url" required />
              {errors['body.url'] ? <p className="field-error">{errors['body.url']}</p> : null}
            </div>
            <div className="field">
              <label htmlFor={`${ids}-secret`}>{t('alerts.subscriptions.secret')}</label>
              <input
                id={`${ids}-secret`}
                name="secret"
                type="password"
                minLength={16}
                required
                autoComplete="off"
              />
              {errors['body.secret'] ? <p className="field-error">{errors['body.secret']}</p> : null}
            </div>
          </>
        ) : null}
        <div>
          <button type="submit" className="button button--primary">
            {t('alerts.subscriptions.add')}
          </button>
        </div>
      </form>
      {error && Object.keys(errors).length === 0 ? <ErrorMessage error={error} /> : null}
    </section>
  );
}

function DeliveriesSection({ slug, version }: { slug: string; version: number }) {
  const { t, i18n } = useTranslation();
  const ids = useId();
  const deliveries = useAsync((signal) => listDeliveries(slug, signal), [slug, version]);
  const date = dateTimeFormat(i18n.language, { dateStyle: 'short', timeStyle: 'short' });
  if (deliveries.status !== 'success' || deliveries.data.length === 0) return null;
  return (
    <section className="panel" aria-labelledby={`${ids}-title`}>
      <h2 id={`${ids}-title`}>{t('alerts.deliveries.title')}</h2>
      <DataTable
        testId="alert-deliveries"
        rows={deliveries.data}
        rowKey={(d) => d.id}
        columns={[
          {
            key: 'alert',
            header: t('alerts.deliveries.alert'),
            sortBy: (d) => d.alertId,
            cell: (d) => `#${d.alertId}`,
          },
          {
            key: 'channel',
            header: t('alerts.subscriptions.channel'),
            cell: (d) => t(`alerts.channels.${d.channel}`),
          },
          {
            key: 'recipient',
            header: t('alerts.deliveries.recipient'),
            cell: (d) => `${d.user.name}${d.target ? ` (${d.target})` : ''}`,
          },
          {
            key: 'status',
            header: t('alerts.deliveries.status'),
            sortBy: (d) => d.status,
            cell: (d) =>
              `${t(`alerts.deliveries.statuses.${d.status}`)}${
                d.status === 'pending' ? ` · ${date.format(new Date(d.nextAttemptAt))}` : ''
              }`,
          },
          {
            key: 'attempts',
            header: t('alerts.deliveries.attempts'),
            isNumeric: true,
            cell: (d) => d.attempts,
          },
          { key: 'error', header: t('alerts.deliveries.error'), cell: (d) => d.lastError ?? '—' },
        ]}
      />
    </section>
  );
}
