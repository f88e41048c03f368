/**
 * Test world of the SDMX API: a public dialogue with public indicators (ASY restricted to members) and
 * published figures of IBC for Greece (route EMR by citizenship, three months) and Italy (route totals), and a
 * members-only dialogue. GRC January SYR = 3 is below the disclosure threshold (5).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sql from 'sql-template-tag';
import { loginCookie, type TestApp } from '../../../../test/app';
import { makeIndicators } from '../../../../test/exchange-world';
import { makeDialogue, makeOrganisation, makeRoute, makeUser } from '../../../../test/factories';
import { slugId } from '../../../domain/sdmx/sdmx-structure';

export const SCHEMAS = '/work/shared/sdmx-schemas';
export const HAS_SCHEMAS = existsSync(`${SCHEMAS}/sdmx-ml-2.1/SDMXMessage.xsd`);
export const HAS_XMLLINT = (() => {
  try {
    execFileSync('xmllint', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

/** xmllint --schema: '' when valid, else its complaint. */
export function xsdErrors(xml: string, schema = `${SCHEMAS}/sdmx-ml-2.1/SDMXMessage.xsd`): string {
  const dir = mkdtempSync(join(tmpdir(), 'sdmx-'));
  const file = join(dir, 'message.xml');
  writeFileSync(file, xml);
  try {
    execFileSync('xmllint', ['--noout', '--schema', schema, file], { stdio: 'pipe' });
    return '';
  } catch (e) {
    return String((e as { stderr?: Buffer }).stderr ?? e);
  }
}

/** GRC IBC route EMR by citizenship per month: [SYR, AFG, IRQ, total]. */
export const GRC_FIGURES: Record<string, [number, number, number, number]> = {
  '2024-01': [3, 40, 12, 55],
  '2024-02': [20, 30, 10, 60],
  '2024-03': [25, 35, 15, 75],
};
export const ITA_TOTALS: Record<string, number> = { '2024-01': 100, '2024-02': 110, '2024-03': 120 };

export interface SdmxWorld {
  slug: string;
  flow: string;
  closedFlow: string;
  dialogueId: number;
  analystGrc: string;
  admin: string;
  outsider: string;
  closedMember: string;
}

export async function makeSdmxWorld(t: TestApp): Promise<SdmxWorld> {
  const d = await makeDialogue(t.db, { classification: 'public', states: ['GRC', 'ITA', 'TUR'] });
  const closed = await makeDialogue(t.db, { classification: 'dialogue', states: ['TUR'] });
  await makeIndicators(t.db, d.id, d.secretariatOrgId, 'public');
  await makeIndicators(t.db, closed.id, closed.secretariatOrgId, 'dialogue');
  await t.db.query(
    sql`UPDATE indicators SET classification = 'dialogue' WHERE dialogue_id = ${d.id} AND code = 'ASY'`,
  );
  for (const code of ['EMR', 'CMR'])
    await makeRoute(t.db, {
      dialogueId: d.id,
      originatorOrgId: d.secretariatOrgId,
      code,
      classification: 'public',
    });
  await makeRoute(t.db, { dialogueId: closed.id, originatorOrgId: closed.secretariatOrgId, code: 'EMR' });
  const ind = async (dialogueId: number, code: string) =>
    (
      await t.db.query<{ id: number }>(
        sql`SELECT id FROM indicators WHERE dialogue_id = ${dialogueId} AND code = ${code}`,
      )
    )[0]!.id;
  const ibc = await ind(d.id, 'IBC');
  const asy = await ind(d.id, 'ASY');
  const put = (
    dialogueId: number,
    indicatorId: number,
    reporter: string,
    period: string,
    citizenship: string,
    value: number,
    classification = 'public',
  ) =>
    t.db.query(sql`INSERT INTO observations (dialogue_id, indicator_id, reporter_iso3, period, route, citizenship,
        value, status, classification, published_at, comment)
      VALUES (${dialogueId}, ${indicatorId}, ${reporter}, ${`${period}-01`}::date, 'EMR', ${citizenship}, ${value},
        'published', ${classification}::classification, ${`${period}-20T10:00:00Z`}::timestamptz, 'checked by the ministry')`);
  for (const [period, [syr, afg, irq, total]] of Object.entries(GRC_FIGURES)) {
    await put(d.id, ibc, 'GRC', period, 'SYR', syr);
    await put(d.id, ibc, 'GRC', period, 'AFG', afg);
    await put(d.id, ibc, 'GRC', period, 'IRQ', irq);
    await put(d.id, ibc, 'GRC', period, '_T', total);
    await put(d.id, ibc, 'ITA', period, '_T', ITA_TOTALS[period]!);
    await put(d.id, asy, 'GRC', period, '_T', 77, 'dialogue');
    await put(closed.id, await ind(closed.id, 'IBC'), 'TUR', period, '_T', 500, 'dialogue');
  }
  const grc = await makeOrganisation(t.db, { country: 'GRC' });
  const analyst = await makeUser(t.db, { orgId: grc.id, roles: [{ dialogueId: d.id, role: 'analyst' }] });
  const outsider = await makeUser(t.db, {
    country: 'ITA',
    roles: [{ dialogueId: closed.id, role: 'viewer' }],
  });
  const admin = await makeUser(t.db, {
    orgId: d.secretariatOrgId,
    roles: [{ dialogueId: d.id, role: 'admin' }],
  });
  return {
    slug: d.slug,
    flow: `DF_${slugId(d.slug)}`,
    closedFlow: `DF_${slugId(closed.slug)}`,
    dialogueId: d.id,
    analystGrc: await loginCookie(t.app, analyst.email, analyst.password),
    admin: await loginCookie(t.app, admin.email, admin.password),
    outsider: await loginCookie(t.app, outsider.email, outsider.password),
    closedMember: await loginCookie(t.app, outsider.email, outsider.password),
  };
}
