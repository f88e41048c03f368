import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { currentLanguage } from '../../app/i18n/i18n';
import { useAuthenticatedSession } from '../../app/session';
import { DataTable } from '../../ui/data-table';
import { useDialogue } from '../../ui/dialogue-context';
import { pickTranslated } from '../../ui/format';
import { Page, Section } from '../../ui/page';
import { ErrorMessage, Loading } from '../../ui/status';
import { pickTranslation, TranslatedText } from '../../ui/translated-text';
import { useAsync } from '../../ui/use-async';
import type { DialogueHome } from '../dialogues/api';
import {
  createSubmission,
  exportPath,
  listSubmissions,
  type SubmissionView,
  sdmxStructurePath,
  templatePath,
} from './api';
import { formatDateTime } from './format';
import { StatusBadge } from './status-badge';
import { useCountryNames } from './use-country-names';

/**
 * Who may send figures, and for which state: providers for their own, data managers for any member state.
 * The dialogue and the abilities are the DialogueLayout's (both pages that ask sit below it).
 */
export function useReporterChoice() {
  const session = useAuthenticatedSession();
  const { dialogue, can } = useDialogue();
  const own = session.user.organisation.countryIso3;
  const isManager = can.canSubmitForAnyState;
  const ownIsMember = own !== null && dialogue.memberStates.some((m) => m.iso3 === own);
  const [reporter, setReporter] = useState<string>(ownIsMember && own ? own : '');
  const canSend = isManager || (can.canSubmit && ownIsMember);
  return { reporter: isManager ? reporter : (own ?? ''), setReporter, isManager, canSend };
}

/** /d/:slug/data: my submissions, upload and entry, templates, and exports of the published data. */
export function DataPage() {
  const { slug, dialogue } = useDialogue();
  const submissions = useAsync((signal) => listSubmissions(slug, signal), [slug]);
  return <DataExchangeView slug={slug} dialogue={dialogue} submissions={submissions} />;
}

function DataExchangeView({
  slug,
  dialogue,
  submissions,
}: {
  slug: string;
  dialogue: DialogueHome;
  submissions: ReturnType<typeof useAsync<SubmissionView[]>>;
}) {
  const { t } = useTranslation();
  const lng = currentLanguage();
  const navigate = useNavigate();
  const countryNames = useCountryNames(lng);
  const { reporter, setReporter, isManager, canSend } = useReporterChoice();
  const [isCreating, setCreating] = useState(false);
  const [createError, setCreateError] = useState<unknown>(null);
  const reporterId = useId();
  const nameOf = (iso3: string) => countryNames.get(iso3) ?? iso3;

  async function handleEnterFigures() {
    setCreating(true);
    setCreateError(null);
    try {
      const created = await createSubmission(slug, isManager ? reporter : undefined);
      navigate(`/d/${slug}/data/submissions/${created.id}`);
    } catch (error) {
      setCreateError(error);
      setCreating(false);
    }
  }

  return (
    <Page className="data-page" title={t('exchange.title')} lead={t('exchange.intro')}>
      {canSend ? (
        <Section title={t('exchange.send.title')} headingId="send-title">
          {isManager ? (
            <div className="field field--inline">
              <label htmlFor={reporterId}>{t('exchange.reporter')}</label>
              <select id={reporterId} value={reporter} onChange={(e) => setReporter(e.target.value)}>
                <option value="">{t('exchange.send.chooseReporter')}</option>
                {dialogue.memberStates.map((m) => (
                  <option key={m.iso3} value={m.iso3}>
                    {pickTranslated(m.name, lng)}
                  </option>
                ))}
              </select>
            </div>
          ) : (
            <p>{t('exchange.send.forReporter', { reporter: nameOf(reporter) })}</p>
          )}
          <div className="button-row">
            <Link
              to={`/d/${slug}/data/upload${isManager && reporter ? `?reporter=${reporter}` : ''}`}
              className="button button--primary"
              data-testid="upload-link"
            >
              {t('exchange.send.upload')}
            </Link>
            <button
              type="button"
              className="button button--secondary"
              onClick={() => void handleEnterFigures()}
              disabled={isCreating || reporter === ''}
              data-testid="enter-figures"
            >
              {isCreating ? t('exchange.send.creating') : t('exchange.send.enter')}
            </button>
          </div>
          {createError ? <ErrorMessage error={createError} /> : null}
          <h3>{t('exchange.templates.title')}</h3>
          <p className="muted">{t('exchange.templates.intro')}</p>
          <ul className="plain-list template-list" data-testid="templates">
            {dialogue.indicators.map((i) => (
              <li key={i.code}>
                <span className="code">{i.code}</span> <TranslatedText value={i.nameText} />:{' '}
                <a
                  href={templatePath(slug, i.code, 'csv', isManager ? reporter || undefined : undefined)}
                  download
                >
                  {t('exchange.formats.csv')}
                </a>{' '}
                ·{' '}
                <a
                  href={templatePath(slug, i.code, 'xlsx', isManager ? reporter || undefined : undefined)}
                  download
                >
                  {t('exchange.formats.xlsx')}
                </a>
              </li>
            ))}
          </ul>
        </Section>
      ) : null}

      <Section
        title={isManager ? t('exchange.submissions.allTitle') : t('exchange.submissions.title')}
        headingId="submissions-title"
      >
        {submissions.status === 'loading' ? (
          <Loading />
        ) : submissions.status === 'error' ? (
          <ErrorMessage error={submissions.error} onRetry={submissions.reload} />
        ) : submissions.data.length === 0 ? (
          <p className="muted" data-testid="no-submissions">
            {t('exchange.submissions.empty')}
          </p>
        ) : (
          <DataTable
            testId="submissions"
            rows={submissions.data}
            rowKey={(s) => s.id}
            rowProps={() => ({ 'data-testid': 'submission-row' })}
            columns={[
              {
                key: 'number',
                header: t('exchange.submissions.number'),
                sortBy: (s) => s.id,
                cell: (s) => (
                  <Link to={`/d/${slug}/data/submissions/${s.id}`}>
                    {t('exchange.submission.title', { id: s.id })}
                  </Link>
                ),
              },
              {
                key: 'reporter',
                header: t('exchange.reporter'),
                sortBy: (s) => nameOf(s.reporter),
                cell: (s) => nameOf(s.reporter),
              },
              {
                key: 'status',
                header: t('exchange.statusLabel'),
                sortBy: (s) => s.status,
                cell: (s) => <StatusBadge status={s.status} />,
              },
              {
                key: 'source',
                header: t('exchange.source'),
                cell: (s) =>
                  s.fileName ??
                  t(
                    `exchange.sources.${s.source === 'form' ? 'form' : s.source === 'json' ? 'json' : 'file'}`,
                  ),
              },
              {
                key: 'figures',
                header: t('exchange.figures'),
                isNumeric: true,
                sortBy: (s) => s.observationCount,
                cell: (s) => s.observationCount,
              },
              {
                key: 'created',
                header: t('exchange.createdBy'),
                sortBy: (s) => s.createdAt,
                cell: (s) =>
                  `${s.createdBy?.name ?? t('exchange.history.system')} · ${formatDateTime(s.createdAt, lng)}`,
              },
            ]}
          />
        )}
      </Section>

      <ExportPanel slug={slug} dialogue={dialogue} countryNames={countryNames} />
    </Page>
  );
}

/** Downloads of the published data, current or as published on a date, as CSV, XLSX or SDMX-CSV. */
function ExportPanel({
  slug,
  dialogue,
  countryNames,
}: {
  slug: string;
  dialogue: DialogueHome;
  countryNames: ReadonlyMap<string, string>;
}) {
  const { t } = useTranslation();
  const lng = currentLanguage();
  const [indicator, setIndicator] = useState('');
  const [reporter, setReporter] = useState('');
  const [asOf, setAsOf] = useState('');
  const ids = { indicator: useId(), reporter: useId(), asOf: useId() };
  const filter = {
    ...(indicator ? { indicator } : {}),
    ...(reporter ? { reporter } : {}),
    ...(asOf ? { asOf } : {}),
  };
  return (
    <Section title={t('exchange.export.title')} headingId="export-title">
      <p className="muted">{t('exchange.export.intro')}</p>
      <div className="toolbar">
        <div className="field">
          <label htmlFor={ids.indicator}>{t('exchange.indicator')}</label>
          <select id={ids.indicator} value={indicator} onChange={(e) => setIndicator(e.target.value)}>
            <option value="">{t('exchange.export.allIndicators')}</option>
            {dialogue.indicators.map((i) => (
              <option key={i.code} value={i.code}>
                {i.code} · {pickTranslation(i.nameText, lng).text}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={ids.reporter}>{t('exchange.reporter')}</label>
          <select id={ids.reporter} value={reporter} onChange={(e) => setReporter(e.target.value)}>
            <option value="">{t('exchange.export.allReporters')}</option>
            {dialogue.memberStates.map((m) => (
              <option key={m.iso3} value={m.iso3}>
                {countryNames.get(m.iso3) ?? pickTranslated(m.name, lng)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={ids.asOf}>{t('exchange.export.asOf')}</label>
          <input
            id={ids.asOf}
            type="date"
            value={asOf}
            onChange={(e) => setAsOf(e.target.value)}
            data-testid="export-as-of"
          />
        </div>
      </div>
      <p className="muted small">{asOf ? t('exchange.export.vintage') : t('exchange.export.current')}</p>
      <div className="button-row" data-testid="exports">
        <a className="button button--secondary" href={exportPath(slug, 'csv', filter, lng)} download>
          {t('exchange.formats.csv')}
        </a>
        <a className="button button--secondary" href={exportPath(slug, 'xlsx', filter, lng)} download>
          {t('exchange.formats.xlsx')}
        </a>
        <a className="button button--secondary" href={exportPath(slug, 'sdmx-csv', filter)} download>
          {t('exchange.formats.sdmxCsv')}
        </a>
      </div>
      <h3>{t('sdmxStructure.title')}</h3>
      <p className="muted small">{t('sdmxStructure.intro')}</p>
      <div className="button-row" data-testid="sdmx-structure">
        <a className="button button--secondary" href={sdmxStructurePath(slug, 'sdmx-ml')} download>
          {t('sdmxStructure.xml')}
        </a>
        <a className="button button--secondary" href={sdmxStructurePath(slug, 'sdmx-json')} download>
          {t('sdmxStructure.json')}
        </a>
      </div>
    </Section>
  );
}
