import { describe, expect, it } from 'vitest';
import {
  readUploadLimits,
  translateUploadLimitDetail,
  UPLOAD_LIMITS,
  UploadLimitExceeded,
  type UploadLimitId,
  uploadLimitDetail,
} from './upload-limits';

describe('upload limits', () => {
  it('reads each limit from its environment variable, else the default', () => {
    const limits = readUploadLimits({
      PASSAGE_XLSX_MAX_ROWS: '10',
      PASSAGE_ZIP_MAX_RATIO: 'lots',
      PASSAGE_ZIP_MAX_ENTRIES: '-1',
    });
    expect(limits.xlsx.maxRows).toBe(10);
    expect(limits.zip.maxRatio).toBe(100);
    expect(limits.zip.maxEntries).toBe(1000);
    expect(limits.xlsx.maxSharedStrings).toBe(500_000);
    expect(limits.zip.maxEntryBytes).toBe(1024 * 1024 * 1024);
  });

  it('translates the detail of every limit into French and Russian, and back to the same English', () => {
    // Object.keys types its result as string[]; these are the table's own keys.
    for (const id of Object.keys(UPLOAD_LIMITS) as UploadLimitId[]) {
      const p = { id, limit: 1_048_576, file: 'my file: march.xlsx', entry: 'xl/worksheets/sheet1.xml' };
      const en = uploadLimitDetail('en', p);
      for (const lang of ['fr', 'ru'] as const) {
        const translated = translateUploadLimitDetail(en, lang);
        expect(translated, `${id} ${lang}`).toBe(uploadLimitDetail(lang, p));
        expect(translated).not.toBe(en);
      }
    }
    expect(translateUploadLimitDetail('something else', 'fr')).toBe('something else');
  });

  it('names the file, the limit, its setting and the entry in the error', () => {
    const e = new UploadLimitExceeded({ id: 'zipRatio', limit: 100, file: 'a.xlsx', entry: 'xl/x.xml' });
    expect(e.status).toBe(413);
    expect(e.code).toBe('UPLOAD_LIMIT_EXCEEDED');
    expect(e.message).toBe(
      'a.xlsx: the entry xl/x.xml is compressed more than 100 times (a zip bomb?) (PASSAGE_ZIP_MAX_RATIO); nothing was written',
    );
    expect(e.extra).toMatchObject({
      limit: 'zipRatio',
      limitValue: 100,
      setting: 'PASSAGE_ZIP_MAX_RATIO',
      entry: 'xl/x.xml',
    });
  });
});
