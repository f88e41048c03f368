import './agreements.css';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { isApiError } from '../../ui/api-client';
import { useDialogue } from '../../ui/dialogue-context';
import { Field, fieldErrorsOf, Select } from '../../ui/form';
import { Page, PageFrame, Section } from '../../ui/page';
import { ErrorMessage, Loading } from '../../ui/status';
import { useAsync } from '../../ui/use-async';
import { SharedWithChoice } from '../dialogues/components/shared-with-choice';
import {
  AGREEMENT_TYPES,
  type AgreementBody,
  type AgreementType,
  type AgreementView,
  createAgreement,
  getAgreement,
  type PartyInput,
  updateAgreement,
} from './api';
import { usePartyLabel } from './party-names';

type Classification = AgreementBody['classification'];
type TextInput = NonNullable<AgreementBody['texts']>[number];
type Round = { date: string; place: string; note: string };

interface Draft {
  type: AgreementType;
  title: string;
  parties: PartyInput[];
  mandateOn: string;
  rounds: Round[];
  signedOn: string;
  inForceOn: string;
  suspendedOn: string;
  endedOn: string;
  texts: TextInput[];
  notes: string;
  classification: NonNullable<Classification>;
  /** With `restricted`: the organisations of the dialogue it is shared with. */
  sharedWithOrgIds: number[];
}

const EMPTY: Draft = {
  type: 'readmission',
  title: '',
  parties: [{ kind: 'state', iso3: '' }, { kind: 'eu' }],
  mandateOn: '',
  rounds: [],
  signedOn: '',
  inForceOn: '',
  suspendedOn: '',
  endedOn: '',
  texts: [],
  notes: '',
  classification: 'dialogue',
  sharedWithOrgIds: [],
};

function draftOf(a: AgreementView): Draft {
  return {
    type: a.type,
    title: a.title,
    parties: a.parties.map((p) =>
      p.kind === 'state'
        ? { kind: 'state', iso3: p.iso3 ?? '' }
        : p.kind === 'organisation'
          ? { kind: 'organisation', name: p.name ?? '' }
          : { kind: 'eu' },
    ),
    mandateOn: a.mandateOn ?? '',
    rounds: a.rounds,
    signedOn: a.signedOn ?? '',
    inForceOn: a.inForceOn ?? '',
    suspendedOn: a.suspendedOn ?? '',
    endedOn: a.endedOn ?? '',
    texts: a.texts.map((x) =>
      x.kind === 'link'
        ? { kind: 'link', url: x.url ?? '', title: x.title }
        : { kind: 'document', documentId: x.documentId ?? 0, title: x.title },
    ),
    notes: a.notes,
    classification: a.classification,
    sharedWithOrgIds: [...a.sharedWithOrgIds],
  };
}

const orNull = (s: string) => (s === '' ? null : s);

function bodyOf(d: Draft): AgreementBody {
  return {
    type: d.type,
    title: d.title,
    parties: d.parties,
    mandateOn: orNull(d.mandateOn),
    rounds: d.rounds,
    signedOn: orNull(d.signedOn),
    inForceOn: orNull(d.inForceOn),
    suspendedOn: orNull(d.suspendedOn),
    endedOn: orNull(d.endedOn),
    texts: d.texts,
    notes: d.notes,
    classification: d.classification,
    sharedWithOrgIds: d.classification === 'restricted' ? d.sharedWithOrgIds : [],
  };
}

/** /d/:slug/agreements/new and /d/:slug/agreements/:id/edit — record or change an agreement. */
export function AgreementFormPage() {
  const { slug } = useDialogue();
  const id = useParams().id;
  const existing = useAsync(
    (signal) => (id ? getAgreement(slug, Number(id), signal) : Promise.resolve(null)),
    [slug, id],
  );
  if (existing.status === 'loading')
    return (
      <PageFrame>
        <Loading />
      </PageFrame>
    );
  if (existing.status === 'error')
    return (
      <PageFrame>
        <ErrorMessage error={existing.error} onRetry={existing.reload} />
      </PageFrame>
    );
  return <AgreementForm existing={existing.data} />;
}

function AgreementForm({ existing }: { existing: AgreementView | null }) {
  const { t } = useTranslation();
  const { slug } = useDialogue();
  const navigate = useNavigate();
  const { label, countryNames } = usePartyLabel();
  const [d, setD] = useState<Draft>(existing ? draftOf(existing) : EMPTY);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const errorOf = fieldErrorsOf(error);
  const set = (patch: Partial<Draft>) => setD((x) => ({ ...x, ...patch }));
  const countries = [...countryNames.entries()]
    .map(([iso3, name]) => ({ value: iso3, label: `${name} (${iso3})` }))
    .sort((a, b) => a.label.localeCompare(b.label));

  const save = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const saved = existing
        ? await updateAgreement(slug, existing.id, bodyOf(d), existing.revision)
        : await createAgreement(slug, bodyOf(d));
      navigate(`/d/${slug}/agreements/${saved.id}`);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  const setParty = (i: number, p: PartyInput) => set({ parties: d.parties.map((x, j) => (j === i ? p : x)) });
  const setRound = (i: number, patch: Partial<Round>) =>
    set({ rounds: d.rounds.map((x, j) => (j === i ? { ...x, ...patch } : x)) });
  const setText = (i: number, x: TextInput) => set({ texts: d.texts.map((y, j) => (j === i ? x : y)) });
  const classifications: NonNullable<Classification>[] = ['public', 'dialogue', 'restricted', 'originator'];

  return (
    <Page
      title={existing ? t('agreements.editTitle', { title: existing.title }) : t('agreements.record')}
      testId="agreement-form-page"
      breadcrumbs={[{ to: `/d/${slug}/agreements`, label: t('agreements.title') }]}
    >
      <form onSubmit={(e) => void save(e)} className="form" data-testid="agreement-form">
        <Section title={t('agreements.details')}>
          <Field label={t('agreements.field.type')} error={errorOf('body.type')}>
            <Select
              value={d.type}
              options={AGREEMENT_TYPES.map((x) => ({ value: x, label: t(`agreements.type.${x}`) }))}
              onChange={(v) => set({ type: AGREEMENT_TYPES.find((x) => x === v) ?? 'other' })}
              data-testid="agreement-type"
            />
          </Field>
          <Field label={t('agreements.field.title')} error={errorOf('body.title')}>
            <input
              value={d.title}
              onChange={(e) => set({ title: e.target.value })}
              data-testid="agreement-title"
            />
          </Field>
          <Field label={t('agreements.field.classification')} error={errorOf('body.classification')}>
            <Select
              value={d.classification}
              options={classifications.map((c) => ({ value: c, label: t(`classification.${c}`) }))}
              onChange={(v) => set({ classification: classifications.find((c) => c === v) ?? 'dialogue' })}
              data-testid="agreement-classification"
            />
          </Field>
          {d.classification === 'restricted' ? (
            <SharedWithChoice
              slug={slug}
              value={d.sharedWithOrgIds}
              onChange={(ids) => set({ sharedWithOrgIds: ids })}
              error={error}
            />
          ) : null}
        </Section>
        <Section title={t('agreements.field.parties')} testId="agreement-parties-edit">
          {errorOf('body.parties') ? <p className="field-error">{errorOf('body.parties')}</p> : null}
          <ol className="agreement-rows">
            {d.parties.map((p, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: parties are edited in place, by position
              <li key={i} data-testid="party-row">
                <Field label={t('agreements.partyKind')}>
                  <Select
                    value={p.kind}
                    options={(['state', 'eu', 'organisation'] as const).map((k) => ({
                      value: k,
                      label: t(`agreements.partyKindOption.${k}`),
                    }))}
                    onChange={(v) =>
                      setParty(
                        i,
                        v === 'state'
                          ? { kind: 'state', iso3: '' }
                          : v === 'organisation'
                            ? { kind: 'organisation', name: '' }
                            : { kind: 'eu' },
                      )
                    }
                    data-testid="party-kind"
                  />
                </Field>
                {p.kind === 'state' ? (
                  <Field
                    label={t('agreements.state')}
                    error={errorOf(`body.parties[${i}].iso3`) || errorOf(`body.parties[${i}]`)}
                  >
                    <Select
                      value={p.iso3}
                      empty="—"
                      options={countries}
                      onChange={(v) => setParty(i, { kind: 'state', iso3: v })}
                      data-testid="party-state"
                    />
                  </Field>
                ) : null}
                {p.kind === 'organisation' ? (
                  <Field
                    label={t('agreements.organisation')}
                    error={errorOf(`body.parties[${i}].name`) || errorOf(`body.parties[${i}]`)}
                  >
                    <input
                      value={p.name}
                      onChange={(e) => setParty(i, { kind: 'organisation', name: e.target.value })}
                      data-testid="party-name"
                    />
                  </Field>
                ) : null}
                {p.kind === 'eu' ? <span>{label('EU')}</span> : null}
                <button
                  type="button"
                  className="button button--secondary button--small"
                  onClick={() => set({ parties: d.parties.filter((_, j) => j !== i) })}
                >
                  {t('agreements.remove')}
                </button>
              </li>
            ))}
          </ol>
          <button
            type="button"
            className="button button--secondary button--small"
            onClick={() => set({ parties: [...d.parties, { kind: 'state', iso3: '' }] })}
            data-testid="party-add"
          >
            {t('agreements.addParty')}
          </button>
        </Section>
        <Section title={t('agreements.timeline')}>
          <Field label={t('agreements.field.mandateOn')} error={errorOf('body.mandateOn')}>
            <input
              type="date"
              value={d.mandateOn}
              onChange={(e) => set({ mandateOn: e.target.value })}
              data-testid="agreement-mandate"
            />
          </Field>
          <h3>{t('agreements.rounds')}</h3>
          <ol className="agreement-rows">
            {d.rounds.map((r, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: rounds are edited in place, by position
              <li key={i} data-testid="round-row">
                <Field label={t('agreements.field.date')} error={errorOf(`body.rounds[${i}].date`)}>
                  <input
                    type="date"
                    value={r.date}
                    onChange={(e) => setRound(i, { date: e.target.value })}
                    data-testid="round-date"
                  />
                </Field>
                <Field label={t('agreements.field.place')}>
                  <input
                    value={r.place}
                    onChange={(e) => setRound(i, { place: e.target.value })}
                    data-testid="round-place"
                  />
                </Field>
                <Field label={t('agreements.field.note')}>
                  <input value={r.note} onChange={(e) => setRound(i, { note: e.target.value })} />
                </Field>
                <button
                  type="button"
                  className="button button--secondary button--small"
                  onClick={() => set({ rounds: d.rounds.filter((_, j) => j !== i) })}
                >
                  {t('agreements.remove')}
                </button>
              </li>
            ))}
          </ol>
          <button
            type="button"
            className="button button--secondary button--small"
            onClick={() => set({ rounds: [...d.rounds, { date: '', place: '', note: '' }] })}
            data-testid="round-add"
          >
            {t('agreements.addRound')}
          </button>
          <Field label={t('agreements.field.signedOn')} error={errorOf('body.signedOn')}>
            <input
              type="date"
              value={d.signedOn}
              onChange={(e) => set({ signedOn: e.target.value })}
              data-testid="agreement-signed"
            />
          </Field>
          <Field label={t('agreements.field.inForceOn')} error={errorOf('body.inForceOn')}>
            <input
              type="date"
              value={d.inForceOn}
              onChange={(e) => set({ inForceOn: e.target.value })}
              data-testid="agreement-in-force"
            />
          </Field>
          <Field label={t('agreements.field.suspendedOn')} error={errorOf('body.suspendedOn')}>
            <input type="date" value={d.suspendedOn} onChange={(e) => set({ suspendedOn: e.target.value })} />
          </Field>
          <Field label={t('agreements.field.endedOn')} error={errorOf('body.endedOn')}>
            <input
              type="date"
              value={d.endedOn}
              onChange={(e) => set({ endedOn: e.target.value })}
              data-testid="agreement-ended"
            />
          </Field>
        </Section>
        <Section title={t('agreements.texts')}>
          <ol className="agreement-rows">
            {d.texts.map((x, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: texts are edited in place, by position
              <li key={i}>
                {x.kind === 'link' ? (
                  <Field label={t('agreements.field.url')} error={errorOf(`body.texts[${i}].url`)}>
                    <input value={x.url} onChange={(e) => setText(i, { ...x, url: e.target.value })} />
                  </Field>
                ) : (
                  <Field
                    label={t('agreements.field.documentId')}
                    error={errorOf(`body.texts[${i}].documentId`)}
                  >
                    <input
                      type="number"
                      min={1}
                      value={x.documentId || ''}
                      onChange={(e) => setText(i, { ...x, documentId: Number(e.target.value) })}
                    />
                  </Field>
                )}
                <Field label={t('agreements.field.textTitle')}>
                  <input
                    value={x.title ?? ''}
                    onChange={(e) => setText(i, { ...x, title: e.target.value })}
                  />
                </Field>
                <button
                  type="button"
                  className="button button--secondary button--small"
                  onClick={() => set({ texts: d.texts.filter((_, j) => j !== i) })}
                >
                  {t('agreements.remove')}
                </button>
              </li>
            ))}
          </ol>
          <button
            type="button"
            className="button button--secondary button--small"
            onClick={() => set({ texts: [...d.texts, { kind: 'link', url: '', title: '' }] })}
          >
            {t('agreements.addLink')}
          </button>{' '}
          <button
            type="button"
            className="button button--secondary button--small"
            onClick={() => set({ texts: [...d.texts, { kind: 'document', documentId: 0, title: '' }] })}
          >
            {t('agreements.addDocument')}
          </button>
          <Field label={t('agreements.field.notes')} error={errorOf('body.notes')}>
            <textarea rows={4} value={d.notes} onChange={(e) => set({ notes: e.target.value })} />
          </Field>
        </Section>
        {error ? (
          <ErrorMessage
            error={error}
            message={isApiError(error, 409) ? t('agreements.conflict') : undefined}
          />
        ) : null}
        <p>
          <button type="submit" disabled={busy} data-testid="agreement-save">
            {t('agreements.save')}
          </button>
        </p>
      </form>
    </Page>
  );
}
