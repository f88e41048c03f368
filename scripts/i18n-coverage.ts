/**
 * Translation coverage, for release notes and the lead's note (issue 7):
 *   npx tsx scripts/i18n-coverage.ts            Markdown tables on stdout
 *   npx tsx scripts/i18n-coverage.ts --json     the same as JSON
 * Counts the interface messages per language (web/src/app/i18n/*.json), the translated API error titles and
 * export headings, the reference data (countries, codelists), and the content of the demo dialogue (names
 * and descriptions of the dialogue, its routes and indicators), seeded into a throwaway in-memory database.
 */
import { connect } from '../src/db/connect';
import { migrate } from '../src/db/migrate';
import { seedDemo } from '../src/demo/seed-demo';
import { COLUMN_LABELS } from '../src/domain/i18n/column-labels';
import { ERROR_TITLES } from '../src/domain/i18n/error-messages';
import { syncCountries } from '../src/modules/reference/reference.service';
import { readTranslationsAsSystem } from '../src/modules/translations/translations.service';
import { CODELISTS } from '../src/reference/codelists';
import { listCountryRefs } from '../src/reference/countries';
import { ERROR_CODES } from '../src/shared/errors';
import { LOCALES } from '../src/shared/locales';
import { baseKeys, readUiMessages } from '../test/ui-messages';

function uiMessages() {
  const files = Object.fromEntries(LOCALES.map((l) => [l, readUiMessages(l)]));
  const enBase = baseKeys(files.en!);
  return LOCALES.map((language) => {
    const m = files[language]!;
    const base = baseKeys(m);
    return {
      language,
      strings: m.size,
      messages: base.size,
      missing: [...enBase].filter((k) => !base.has(k)).length,
      words: [...m.values()].join(' ').split(/\s+/).filter(Boolean).length,
    };
  });
}

function serverMessages() {
  const codes = Object.keys(ERROR_CODES).length;
  const columns = Object.keys(COLUMN_LABELS.en).length;
  return LOCALES.map((language) => ({
    language,
    errorTitles: language === 'en' ? codes : Object.keys(ERROR_TITLES[language]).length,
    errorCodes: codes,
    exportHeadings: Object.keys(COLUMN_LABELS[language]).length,
    exportColumns: columns,
  }));
}

function referenceData() {
  const countries = listCountryRefs();
  const codes = CODELISTS.flatMap((c) => c.codes);
  return LOCALES.map((language) => ({
    language,
    countries: countries.filter((c) => c.name[language]?.trim()).length,
    countriesTotal: countries.length,
    codes: codes.filter((c) => c.name[language]?.trim()).length,
    codesTotal: codes.length,
  }));
}

async function demoContent() {
  const db = await connect({});
  try {
    await migrate(db);
    await syncCountries(db);
    const { dialogueId } = await seedDemo(db, { withObservations: false });
    const view = await readTranslationsAsSystem(db, dialogueId, ['en', 'fr', 'ru']);
    return view.coverage;
  } finally {
    await db.close();
  }
}

const pct = (n: number, total: number) => (total === 0 ? '–' : `${Math.round((100 * n) / total)} %`);

async function main() {
  const report = {
    ui: uiMessages(),
    server: serverMessages(),
    reference: referenceData(),
    demoContent: await demoContent(),
  };
  if (process.argv.includes('--json')) {
    console.log(JSON.stringify(report, null, 2));
    return;
  }
  const lines = [
    '## Interface messages (web/src/app/i18n)',
    '',
    '| language | messages | strings (with plural forms) | words | missing vs English |',
    '|---|---:|---:|---:|---:|',
    ...report.ui.map((u) => `| ${u.language} | ${u.messages} | ${u.strings} | ${u.words} | ${u.missing} |`),
    '',
    '## API errors and export headings (src/domain/i18n)',
    '',
    '| language | error titles | export headings |',
    '|---|---:|---:|',
    ...report.server.map(
      (s) =>
        `| ${s.language} | ${s.errorTitles} / ${s.errorCodes} (${pct(s.errorTitles, s.errorCodes)}) | ${s.exportHeadings} / ${s.exportColumns} |`,
    ),
    '',
    '## Reference data (src/reference)',
    '',
    '| language | country names | codelist codes |',
    '|---|---:|---:|',
    ...report.reference.map(
      (r) =>
        `| ${r.language} | ${r.countries} / ${r.countriesTotal} | ${r.codes} / ${r.codesTotal} (${pct(r.codes, r.codesTotal)}) |`,
    ),
    '',
    '## Content of the demo dialogue (names and descriptions of the dialogue, routes, indicators)',
    '',
    '| language | translated | outdated | coverage |',
    '|---|---:|---:|---:|',
    ...report.demoContent.map(
      (c) =>
        `| ${c.language} | ${c.translated} / ${c.total} | ${c.outdated} | ${pct(c.translated, c.total)} |`,
    ),
  ];
  console.log(lines.join('\n'));
}

await main();
