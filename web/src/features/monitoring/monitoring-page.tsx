import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { DataTable } from '../../ui/data-table';
import { useDialogue } from '../../ui/dialogue-context';
import { Field, fieldErrorsOf } from '../../ui/form';
import { Page, Section } from '../../ui/page';
import { ErrorMessage, Loading } from '../../ui/status';
import { useAsync } from '../../ui/use-async';
import { createDeclaration, listDeclarations, proposeSplit, type Segment } from './api';

/**
 * /d/:slug/monitoring — the declarations whose implementation the dialogue monitors, and (secretariat) the
 * import: paste the text, Passage proposes the commitments from its numbering, the secretariat corrects
 * numbers, areas and boundaries and saves. The server refuses a split that loses text or repeats a number.
 */
export function MonitoringPage() {
  const { t } = useTranslation();
  const { slug } = useDialogue();
  const [version, setVersion] = useState(0);
  const state = useAsync((signal) => listDeclarations(slug, signal), [slug, version]);
  return (
    <Page title={t('monitoring.title')} lead={t('monitoring.intro')} testId="monitoring-page">
      <Section title={t('monitoring.declarations')} testId="monitoring-declarations">
        {state.status === 'loading' ? <Loading /> : null}
        {state.status === 'error' ? <ErrorMessage error={state.error} onRetry={state.reload} /> : null}
        {state.status === 'success' ? (
          <DataTable
            testId="declarations-table"
            rows={state.data.items}
            rowKey={(d) => d.id}
            empty={t('monitoring.noDeclarations')}
            columns={[
              {
                key: 'title',
                header: t('monitoring.field.title'),
                isRowHeader: true,
                cell: (d) => <Link to={`/d/${slug}/monitoring/declarations/${d.id}`}>{d.title}</Link>,
              },
              { key: 'place', header: t('monitoring.field.place'), cell: (d) => d.place },
              { key: 'adoptedOn', header: t('monitoring.field.adoptedOn'), cell: (d) => d.adoptedOn ?? '' },
              {
                key: 'commitments',
                header: t('monitoring.commitments'),
                isNumeric: true,
                cell: (d) => d.commitments,
              },
            ]}
          />
        ) : null}
      </Section>
      {state.status === 'success' && state.data.abilities.canImport ? (
        <ImportDeclaration onSaved={() => setVersion((v) => v + 1)} />
      ) : null}
    </Page>
  );
}

function ImportDeclaration({ onSaved }: { onSaved: () => void }) {
  const { t } = useTranslation();
  const { slug } = useDialogue();
  const navigate = useNavigate();
  const [title, setTitle] = useState('');
  const [place, setPlace] = useState('');
  const [adoptedOn, setAdoptedOn] = useState('');
  const [text, setText] = useState('');
  const [segments, setSegments] = useState<Segment[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const errorOf = fieldErrorsOf(error);

  const propose = async () => {
    setBusy(true);
    setError(null);
    try {
      setSegments((await proposeSplit(slug, text)).segments);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  const save = async (e: FormEvent) => {
    e.preventDefault();
    if (!segments) return;
    setBusy(true);
    setError(null);
    try {
      const d = await createDeclaration(slug, {
        title,
        place,
        adoptedOn: adoptedOn || null,
        text,
        segments,
      });
      onSaved();
      navigate(`/d/${slug}/monitoring/declarations/${d.id}`);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  const edit = (i: number, patch: Partial<Segment>) =>
    setSegments((s) => (s ? s.map((x, j) => (j === i ? { ...x, ...patch } : x)) : s));

  return (
    <Section title={t('monitoring.import')} testId="declaration-import">
      <form onSubmit={(e) => void save(e)} className="form">
        <Field label={t('monitoring.field.title')} error={errorOf('body.title')}>
          <input value={title} onChange={(e) => setTitle(e.target.value)} data-testid="declaration-title" />
        </Field>
        <Field label={t('monitoring.field.place')} error={errorOf('body.place')}>
          <input value={place} onChange={(e) => setPlace(e.target.value)} data-testid="declaration-place" />
        </Field>
        <Field label={t('monitoring.field.adoptedOn')} error={errorOf('body.adoptedOn')}>
          <input type="date" value={adoptedOn} onChange={(e) => setAdoptedOn(e.target.value)} />
        </Field>
        <Field label={t('monitoring.field.text')} error={errorOf('body.text')}>
          <textarea
            rows={10}
            value={text}
            onChange={(e) => {
              setText(e.target.value);
              setSegments(null);
            }}
            data-testid="declaration-text"
          />
        </Field>
        <p>
          <button
            type="button"
            disabled={busy || !text}
            onClick={() => void propose()}
            data-testid="split-propose"
          >
            {t('monitoring.propose')}
          </button>
        </p>
        {error && !fieldErrorsOf(error)('body.text') ? <ErrorMessage error={error} /> : null}
        {segments ? (
          <>
            <p data-testid="split-count">
              {t('monitoring.proposed', { n: segments.filter((s) => s.kind === 'commitment').length })}
            </p>
            <ol className="segments" data-testid="split-segments">
              {segments.map((s, i) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: segments are edited in place, by position
                <li key={i} data-kind={s.kind}>
                  {s.kind === 'commitment' ? (
                    <>
                      <Field
                        label={t('monitoring.field.number')}
                        error={errorOf(`body.segments[${i}].number`)}
                      >
                        <input
                          value={s.number ?? ''}
                          size={6}
                          onChange={(e) => edit(i, { number: e.target.value })}
                          data-testid="segment-number"
                        />
                      </Field>
                      <Field label={t('monitoring.field.area')}>
                        <input
                          value={s.area ?? ''}
                          onChange={(e) => edit(i, { area: e.target.value || null })}
                        />
                      </Field>
                    </>
                  ) : (
                    <strong>{t(`monitoring.kind.${s.kind}`)}</strong>
                  )}
                  <Field
                    label={t('monitoring.field.segmentText')}
                    error={errorOf(`body.segments[${i}].text`)}
                  >
                    <textarea rows={3} value={s.text} onChange={(e) => edit(i, { text: e.target.value })} />
                  </Field>
                </li>
              ))}
            </ol>
            <button type="submit" disabled={busy} data-testid="declaration-save">
              {t('monitoring.save')}
            </button>
          </>
        ) : null}
      </form>
    </Section>
  );
}
