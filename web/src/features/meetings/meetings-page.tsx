import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { DataTable } from '../../ui/data-table';
import { useDialogue } from '../../ui/dialogue-context';
import { Field, fieldErrorsOf, Select } from '../../ui/form';
import { Page, Section } from '../../ui/page';
import { ErrorMessage, Loading } from '../../ui/status';
import { useAsync } from '../../ui/use-async';
import {
  calendarUrl,
  completeAction,
  createMeeting,
  listMeetings,
  listMyActions,
  MEETING_KINDS,
  type MeetingKind,
} from './api';

/**
 * /d/:slug/meetings — the dialogue's meetings (senior officials', ministerial, working groups), the
 * follow-up actions the user's organisation owns (its task list), the iCalendar feed, and (secretariat) the
 * form to plan a meeting.
 */
export function MeetingsPage() {
  const { t } = useTranslation();
  const { slug } = useDialogue();
  const [version, setVersion] = useState(0);
  const meetings = useAsync((signal) => listMeetings(slug, signal), [slug, version]);
  const mine = useAsync((signal) => listMyActions(slug, signal), [slug, version]);
  return (
    <Page
      title={t('meetings.title')}
      lead={t('meetings.intro')}
      actions={
        <a href={calendarUrl(slug)} data-testid="meetings-ics">
          {t('meetings.calendar')}
        </a>
      }
      testId="meetings-page"
    >
      <Section title={t('meetings.myActions')} testId="meetings-my-actions">
        {mine.status === 'success' ? (
          <DataTable
            rows={mine.data.items}
            rowKey={(a) => a.id}
            empty={t('meetings.noActions')}
            columns={[
              { key: 'title', header: t('meetings.field.action'), isRowHeader: true, cell: (a) => a.title },
              {
                key: 'meeting',
                header: t('meetings.field.meeting'),
                cell: (a) => <Link to={`/d/${slug}/meetings/${a.meetingId}`}>{a.meetingTitle}</Link>,
              },
              {
                key: 'due',
                header: t('meetings.field.dueOn'),
                cell: (a) => (a.isOverdue ? `${a.dueOn} · ${t('meetings.overdue')}` : a.dueOn),
              },
              {
                key: 'done',
                header: '',
                cell: (a) =>
                  a.canComplete ? (
                    <button
                      type="button"
                      onClick={() =>
                        void completeAction(slug, a.meetingId, a.id).then(() => setVersion((v) => v + 1))
                      }
                    >
                      {t('meetings.markDone')}
                    </button>
                  ) : null,
              },
            ]}
          />
        ) : (
          <Loading />
        )}
      </Section>
      <Section title={t('meetings.list')} testId="meetings-list">
        {meetings.status === 'loading' ? <Loading /> : null}
        {meetings.status === 'error' ? (
          <ErrorMessage error={meetings.error} onRetry={meetings.reload} />
        ) : null}
        {meetings.status === 'success' ? (
          <DataTable
            testId="meetings-table"
            rows={meetings.data.items}
            rowKey={(m) => m.id}
            empty={t('meetings.empty')}
            columns={[
              {
                key: 'title',
                header: t('meetings.field.title'),
                isRowHeader: true,
                cell: (m) => <Link to={`/d/${slug}/meetings/${m.id}`}>{m.title}</Link>,
              },
              { key: 'kind', header: t('meetings.field.kind'), cell: (m) => t(`meetings.kinds.${m.kind}`) },
              {
                key: 'dates',
                header: t('meetings.field.dates'),
                cell: (m) => (m.startsOn === m.endsOn ? m.startsOn : `${m.startsOn} – ${m.endsOn}`),
              },
              { key: 'place', header: t('meetings.field.place'), cell: (m) => m.place },
            ]}
          />
        ) : null}
      </Section>
      {meetings.status === 'success' && meetings.data.abilities.canCreate ? <PlanMeeting /> : null}
    </Page>
  );
}

function PlanMeeting() {
  const { t } = useTranslation();
  const { slug } = useDialogue();
  const navigate = useNavigate();
  const [kind, setKind] = useState<MeetingKind>('som');
  const [title, setTitle] = useState('');
  const [startsOn, setStartsOn] = useState('');
  const [endsOn, setEndsOn] = useState('');
  const [place, setPlace] = useState('');
  const [agenda, setAgenda] = useState('');
  const [error, setError] = useState<unknown>(null);
  const errorOf = fieldErrorsOf(error);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    try {
      const m = await createMeeting(slug, {
        kind,
        title,
        startsOn,
        endsOn: endsOn || startsOn,
        place,
        agenda: agenda
          .split('\n')
          .map((l) => l.trim())
          .filter(Boolean),
      });
      navigate(`/d/${slug}/meetings/${m.id}`);
    } catch (err) {
      setError(err);
    }
  };
  return (
    <Section title={t('meetings.plan')} testId="meeting-form">
      <form className="form" onSubmit={(e) => void submit(e)}>
        <Field label={t('meetings.field.kind')} error={errorOf('body.kind')}>
          <Select
            value={kind}
            options={MEETING_KINDS.map((k) => ({ value: k, label: t(`meetings.kinds.${k}`) }))}
            onChange={(v) => setKind(v as MeetingKind) /* one of the options above */}
          />
        </Field>
        <Field label={t('meetings.field.title')} error={errorOf('body.title')}>
          <input value={title} onChange={(e) => setTitle(e.target.value)} />
        </Field>
        <Field label={t('meetings.field.startsOn')} error={errorOf('body.startsOn')}>
          <input type="date" value={startsOn} onChange={(e) => setStartsOn(e.target.value)} />
        </Field>
        <Field label={t('meetings.field.endsOn')} error={errorOf('body.endsOn')}>
          <input type="date" value={endsOn} onChange={(e) => setEndsOn(e.target.value)} />
        </Field>
        <Field label={t('meetings.field.place')} error={errorOf('body.place')}>
          <input value={place} onChange={(e) => setPlace(e.target.value)} />
        </Field>
        <Field label={t('meetings.field.agenda')}>
          <textarea rows={4} value={agenda} onChange={(e) => setAgenda(e.target.value)} />
        </Field>
        {error && !errorOf('body.title') && !errorOf('body.endsOn') ? <ErrorMessage error={error} /> : null}
        <button type="submit">{t('meetings.planSubmit')}</button>
      </form>
    </Section>
  );
}
