/** The interface messages (web/src/app/i18n/<lang>.json) by dotted key: for the i18n test and scripts/i18n-coverage.ts. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

type Messages = { [key: string]: string | Messages };

const I18N_DIR = 'web/src/app/i18n';

/** The i18next plural suffixes (languages have different plural forms). */
export const PLURAL = /_(zero|one|two|few|many|other)$/;

function flatten(m: Messages, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, v] of Object.entries(m)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (typeof v === 'string') out.set(key, v);
    else for (const [kk, vv] of flatten(v, key)) out.set(kk, vv);
  }
  return out;
}

/** The messages of one language, `section.key` → text (plural forms under their own suffixed keys). */
export function readUiMessages(lang: string): Map<string, string> {
  return flatten(JSON.parse(readFileSync(join(I18N_DIR, `${lang}.json`), 'utf8')) as Messages);
}

/** Keys with plural suffixes folded into one base key. */
export const baseKeys = (m: Map<string, string>) => new Set([...m.keys()].map((k) => k.replace(PLURAL, '')));
