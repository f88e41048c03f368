/**
 * A real SDMX client that someone else wrote reads the running server: R's rsdmx (Debian r-cran-rsdmx) fetches
 * the dataflows, the data structure definition (with its codelists and concepts) and a data query from the
 * REST paths over HTTP, and what it read is compared with the figures the API itself serves.
 */
import { execFile, execFileSync } from 'node:child_process';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/app';
import { testDatabases } from '../../../../test/databases';
import { GRC_FIGURES, ITA_TOTALS, makeSdmxWorld, type SdmxWorld } from './sdmx-world';

const HAS_RSDMX = (() => {
  try {
    execFileSync('Rscript', ['-e', 'suppressMessages(library(rsdmx))'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();
if (!HAS_RSDMX)
  console.warn('rsdmx checks skipped: Rscript with rsdmx (Debian r-cran-rsdmx) is not installed');

/** Runs R code (asynchronously: the server answering it runs in this process); returns its stdout. */
function r(code: string): Promise<string> {
  return new Promise((resolve, reject) =>
    execFile('Rscript', ['-e', code], { encoding: 'utf8', timeout: 120_000 }, (err, stdout, stderr) =>
      err ? reject(new Error(`Rscript failed: ${stderr}\n${stdout}`)) : resolve(stdout),
    ),
  );
}

/** Lines "a|b|c" printed by R after a marker line, up to the next line without "|". */
function rows(out: string, marker: string): string[][] {
  const lines = out.split('\n');
  const found: string[][] = [];
  for (const l of lines.slice(lines.indexOf(marker) + 1)) {
    if (!l.includes('|')) break;
    found.push(l.trim().split('|'));
  }
  return found;
}

describe.runIf(HAS_RSDMX).each(testDatabases())('SDMX read by rsdmx over HTTP [%s]', (kind) => {
  let t: TestApp;
  let w: SdmxWorld;
  let base: string;
  beforeAll(async () => {
    t = await createTestApp(kind);
    w = await makeSdmxWorld(t);
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}/api/sdmx/2.1`;
  });
  afterAll(() => t?.close());

  it('reads the dataflows', async () => {
    const out = await r(`suppressMessages(library(rsdmx))
      flows <- as.data.frame(readSDMX("${base}/dataflow/PASSAGE/all/latest"))
      cat("FLOWS\\n"); for (i in seq_len(nrow(flows))) cat(flows$id[i], "|", flows$dsdRef[i], "\\n", sep = "")`);
    expect(rows(out, 'FLOWS')).toEqual([[w.flow, w.flow.replace(/^DF_/, 'DSD_')]]);
  });

  it('reads the data structure definition, its codelists and concepts', async () => {
    const dsd = w.flow.replace(/^DF_/, 'DSD_');
    const out = await r(`suppressMessages(library(rsdmx))
      s <- readSDMX("${base}/datastructure/PASSAGE/${dsd}/1.0")
      concepts <- as.data.frame(slot(s, "concepts"))
      cat("CONCEPTS\\n"); cat(paste0(concepts$id, "|"), sep = "\\n"); cat("\\nEND\\n")
      cl <- as.data.frame(slot(s, "codelists"), codelistId = "CL_INDICATOR_${w.flow.slice(3)}")
      cat("INDICATORS\\n"); cat(paste0(cl$id, "|"), sep = "\\n"); cat("\\n")
      ds <- slot(slot(s, "datastructures"), "datastructures")[[1]]
      dims <- sapply(slot(slot(ds, "Components"), "Dimensions"), function(d) slot(d, "conceptRef"))
      cat("DIMENSIONS\\n"); cat(paste0(dims, "|"), sep = "\\n"); cat("\\n")`);
    const ids = (m: string) => rows(out, m).map((x) => x[0]);
    expect(ids('CONCEPTS')).toEqual(
      expect.arrayContaining(['INDICATOR', 'REF_AREA', 'TIME_PERIOD', 'OBS_VALUE', 'CONF_STATUS']),
    );
    expect(ids('INDICATORS')).toContain('IBC');
    expect(ids('INDICATORS')).not.toContain('ASY');
    expect(ids('DIMENSIONS').slice(0, 3)).toEqual(['INDICATOR', 'REF_AREA', 'ROUTE']);
  });

  it('reads a data query (GenericData) with the values the API serves, suppressed cells as NA', async () => {
    const out = await r(`suppressMessages(library(rsdmx))
      d <- as.data.frame(readSDMX("${base}/data/${w.flow}/IBC.GRC+ITA.EMR.........?startPeriod=2024-01&endPeriod=2024-03"))
      cat("DATA\\n")
      for (i in seq_len(nrow(d))) cat(d$REF_AREA[i], d$CITIZENSHIP[i], d$obsTime[i], ifelse(is.na(d$obsValue[i]), "NA", d$obsValue[i]), d$CONF_STATUS[i], "\\n", sep = "|")`);
    const got = new Map(
      rows(out, 'DATA').map(([ref, cit, time, value, conf]) => [`${ref} ${cit} ${time}`, [value, conf]]),
    );
    expect(got.size).toBe(15);
    for (const [period, [syr, afg, irq, total]] of Object.entries(GRC_FIGURES)) {
      expect(got.get(`GRC AFG ${period}`)).toEqual([String(afg), 'F']);
      expect(got.get(`GRC _T ${period}`)).toEqual([String(total), 'F']);
      expect(got.get(`ITA _T ${period}`)).toEqual([String(ITA_TOTALS[period]), 'F']);
      if (period === '2024-03') {
        expect(got.get(`GRC SYR ${period}`)).toEqual([String(syr), 'F']);
        expect(got.get(`GRC IRQ ${period}`)).toEqual([String(irq), 'F']);
      }
    }
    expect(got.get('GRC SYR 2024-01')).toEqual(['NA', 'C']);
    expect(got.get('GRC IRQ 2024-02')).toEqual(['NA', 'D']);
  });
});
