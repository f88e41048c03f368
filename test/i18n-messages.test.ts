import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { baseKeys, PLURAL, readUiMessages } from './ui-messages';

const LANGS = ['en', 'fr', 'ru'] as const;

const placeholders = (s: string) => [...s.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((m) => m[1]).sort();

function tsxFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? tsxFiles(join(dir, e.name)) : e.name.endsWith('.tsx') ? [join(dir, e.name)] : [],
  );
}

describe('interface messages in English, French and Russian', () => {
  const messages = Object.fromEntries(LANGS.map((l) => [l, readUiMessages(l)]));

  it('has every key in every language, none empty, with the same placeholders', () => {
    const en = messages.en!;
    expect(en.size).toBeGreaterThan(20);
    const enBase = baseKeys(en);
    const enPlaceholders = new Map([...en].map(([k, v]) => [k.replace(PLURAL, ''), placeholders(v)]));
    for (const lang of ['fr', 'ru'] as const) {
      const other = messages[lang]!;
      const otherBase = baseKeys(other);
      expect(
        [...enBase].filter((k) => !otherBase.has(k)),
        `keys missing in ${lang}`,
      ).toEqual([]);
      expect(
        [...otherBase].filter((k) => !enBase.has(k)),
        `keys only in ${lang}`,
      ).toEqual([]);
      for (const [k, v] of other) {
        expect(v.trim(), `${lang}:${k} is empty`).not.toBe('');
        expect(placeholders(v), `${lang}:${k} placeholders`).toEqual(
          enPlaceholders.get(k.replace(PLURAL, '')),
        );
      }
    }
  });

  it('gives every plural message all the plural forms of each language (ICU rules via Intl)', () => {
    for (const lang of LANGS) {
      const m = messages[lang]!;
      const categories = new Intl.PluralRules(lang).resolvedOptions().pluralCategories;
      const plurals = new Set([...m.keys()].filter((k) => PLURAL.test(k)).map((k) => k.replace(PLURAL, '')));
      for (const base of plurals) {
        const missing = categories.filter((c) => !m.has(`${base}_${c}`));
        expect(missing, `${lang}:${base}`).toEqual([]);
      }
    }
  });

  it('has no user-visible text hard-coded in the components', () => {
    const offenders: string[] = [];
    for (const file of tsxFiles('web/src')) {
      readFileSync(file, 'utf8')
        .split('\n')
        .forEach((line, i) => {
          // Text between tags, or a literal in an attribute people read.
          const text = /<\/?[A-Za-z][^>]*>\s*([A-Za-z][^<>{}]*[A-Za-z])\s*<\//.exec(line);
          const attr = /\b(aria-label|placeholder|title|alt)="([^"]*[A-Za-z]{2,}[^"]*)"/.exec(line);
          if (text || attr) offenders.push(`${file}:${i + 1}: ${line.trim()}`);
        });
    }
    expect(offenders).toEqual([]);
  });
});
