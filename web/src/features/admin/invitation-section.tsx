import { type ChangeEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../ui/api-client';
import { type InvitationReport, uploadInvitations } from './members-api';

/**
 * Bulk invitation from a CSV (email, name, organisation, role[, language]): "Check the file" runs the dry run
 * and lists every problem with its row and field; "Send the invitations" is offered once the file has none.
 */
export function InvitationSection({ dialogueId, onDone }: { dialogueId: number; onDone(): void }) {
  const { t } = useTranslation();
  const [file, setFile] = useState<File | null>(null);
  const [report, setReport] = useState<InvitationReport | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [isBusy, setBusy] = useState(false);

  function handleFile(event: ChangeEvent<HTMLInputElement>) {
    setFile(event.target.files?.[0] ?? null);
    setReport(null);
    setError(null);
  }

  async function run(dryRun: boolean) {
    if (!file) return;
    setBusy(true);
    setError(null);
    try {
      setReport(await uploadInvitations(dialogueId, file, dryRun));
      if (!dryRun) onDone();
    } catch (caught) {
      setError(isApiError(caught) ? (caught.problem.detail ?? t('errors.generic')) : t('errors.generic'));
    } finally {
      setBusy(false);
    }
  }

  const canSend =
    report?.dryRun === true && report.errors.length === 0 && report.invited + report.granted > 0;
  return (
    <section className="card" aria-labelledby="invite-title" data-testid="invitations">
      <h2 id="invite-title">{t('members.inviteTitle')}</h2>
      <p className="muted">{t('members.inviteIntro')}</p>
      <div className="field">
        <label htmlFor="invite-file">{t('members.inviteFile')}</label>
        <input id="invite-file" type="file" accept=".csv,text/csv" onChange={handleFile} />
      </div>
      <div className="button-row">
        <button
          type="button"
          className="button button--secondary"
          disabled={!file || isBusy}
          onClick={() => void run(true)}
        >
          {t('members.check')}
        </button>
        <button
          type="button"
          className="button button--primary"
          disabled={!canSend || isBusy}
          onClick={() => void run(false)}
        >
          {t('members.send')}
        </button>
      </div>
      {error ? (
        <p className="notice notice--error" role="alert">
          {error}
        </p>
      ) : null}
      {report ? <InvitationReportView report={report} /> : null}
    </section>
  );
}

function InvitationReportView({ report }: { report: InvitationReport }) {
  const { t } = useTranslation();
  const problems = new Map<number, string[]>();
  for (const e of report.errors) {
    const row = e.row ?? 0;
    problems.set(row, [...(problems.get(row) ?? []), `${e.field}: ${e.message}`]);
  }
  const rowNumbers = new Set(report.rows.map((r) => r.row));
  const fileProblems = report.errors.filter((e) => !rowNumbers.has(e.row ?? 0));
  return (
    <div data-testid="invitation-report" data-dry-run={report.dryRun}>
      <p className={report.errors.length ? 'notice notice--error' : 'notice'} role="status">
        {report.errors.length
          ? t('members.problemsFound', { n: report.errors.length })
          : report.dryRun
            ? t('members.readyToSend', { invited: report.invited, granted: report.granted })
            : t('members.sent', {
                invited: report.invited,
                granted: report.granted,
                sent: report.emailsSent,
              })}
      </p>
      {fileProblems.length ? (
        <ul className="upload-errors">
          {fileProblems.map((e) => (
            <li key={`${e.row}-${e.field}-${e.message}`}>
              {e.row ? `${t('members.row')} ${e.row}, ` : ''}
              {e.field}: {e.message}
            </li>
          ))}
        </ul>
      ) : null}
      {report.rows.length ? (
        <table className="table">
          <thead>
            <tr>
              <th scope="col">{t('members.row')}</th>
              <th scope="col">{t('login.email')}</th>
              <th scope="col">{t('members.orgName')}</th>
              <th scope="col">{t('members.organisation')}</th>
              <th scope="col">{t('admin.role')}</th>
              <th scope="col">{t('members.result')}</th>
            </tr>
          </thead>
          <tbody>
            {report.rows.map((r) => {
              const rowProblems = problems.get(r.row) ?? [];
              return (
                <tr key={r.row} className={rowProblems.length ? 'row--error' : undefined} data-row={r.row}>
                  <td>{r.row}</td>
                  <td>{r.email}</td>
                  <td>{r.name}</td>
                  <td>{r.organisation}</td>
                  <td>{r.role}</td>
                  <td>
                    {rowProblems.length ? (
                      <ul className="plain-list">
                        {rowProblems.map((p) => (
                          <li key={p}>{p}</li>
                        ))}
                      </ul>
                    ) : r.action ? (
                      t(`members.action.${r.action}`)
                    ) : null}
                    {r.emailStatus ? <div>{t(`members.emailStatus.${r.emailStatus}`)}</div> : null}
                    {r.invitationUrl ? (
                      <div>
                        {t('members.linkOnce')} <code>{r.invitationUrl}</code>
                      </div>
                    ) : null}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      ) : null}
    </div>
  );
}
