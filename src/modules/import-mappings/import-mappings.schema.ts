/** zod schemas of import mappings: the mapping (src/domain/import-mapping/mapping.ts), saving one, the views. */
import { z } from 'zod';
import { DIMENSIONS } from '../../domain/observations/dimensions';
import { ROW_FIELDS } from '../../domain/observations/parse-csv-row';

export const SlugParams = z.object({ slug: z.string().min(1).max(100) });
const MappingName = z
  .string()
  .trim()
  .min(1, 'give the mapping a name')
  .max(100)
  .regex(/^[^/?#]+$/, 'a mapping name has no / ? or #');
export const MappingParams = SlugParams.extend({ name: MappingName });

const Iso3 = z
  .string()
  .trim()
  .toUpperCase()
  .pipe(z.string().regex(/^[A-Z]{3}$/, 'expected an ISO 3166-1 alpha-3 code'));

export const ColumnRole = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('field'), field: z.enum(ROW_FIELDS) }).strict(),
  z.object({ kind: z.literal('period'), period: z.string().max(40) }).strict(),
  z
    .object({
      kind: z.literal('code'),
      dimension: z.enum(DIMENSIONS),
      code: z.string().trim().min(1).max(40),
    })
    .strict(),
  z.object({ kind: z.literal('ignore') }).strict(),
]);

export const ImportMappingBody = z
  .object({
    header: z.array(z.string().max(500)).min(1).max(2000),
    columns: z.array(ColumnRole).min(1).max(2000),
    fixed: z
      .object({
        indicator: z.string().trim().min(1).max(40).optional(),
        reporter: Iso3.optional(),
      })
      .strict(),
    yearAs: z.literal('january').optional(),
    codes: z.partialRecord(
      z.enum(ROW_FIELDS),
      z.record(z.string().max(500), z.string().trim().max(40).nullable()),
    ),
  })
  .strict();
export type ImportMappingBody = z.infer<typeof ImportMappingBody>;

export const SaveMappingBody = z
  .object({
    /** The reporting state the mapping is for; null or absent: the whole dialogue. */
    reporter: Iso3.nullable().optional(),
    mapping: ImportMappingBody,
    /** The revision being changed (optimistic check); absent for a new mapping. */
    expectedRevision: z.number().int().positive().optional(),
  })
  .strict();
export type SaveMappingBody = z.infer<typeof SaveMappingBody>;

export const MappingView = z.object({
  name: z.string(),
  reporter: z.string().nullable(),
  revision: z.number().int(),
  updatedAt: z.string(),
  mapping: ImportMappingBody,
});
export type MappingView = z.infer<typeof MappingView>;

export const MappingRevisionView = z.object({
  revision: z.number().int(),
  reporter: z.string().nullable(),
  userId: z.number().int().nullable(),
  createdAt: z.string(),
  mapping: ImportMappingBody,
});

export const MappingDetail = MappingView.extend({ revisions: z.array(MappingRevisionView) });
export const MappingList = z.object({ items: z.array(MappingView) });

export const ImportFormatQuery = z.enum(['csv', 'sdmx-csv', 'xlsx']);

export const ProposeQuery = z.object({
  fileName: z.string().max(255).optional(),
  format: ImportFormatQuery.optional(),
});

export const MappedImportQuery = z.object({
  fileName: z.string().max(255).optional(),
  format: ImportFormatQuery.optional(),
  /** The reporter of every row, when the mapping has no reporter column. */
  reporter: Iso3.optional(),
  dryRun: z.stringbool().optional(),
  historical: z.stringbool().optional(),
});

const Cells = z.record(z.string(), z.string());

export const LabelProblemView = z.object({
  field: z.string(),
  label: z.string(),
  kind: z.enum(['unknown', 'ambiguous', 'unreadable-period']),
  candidates: z.array(z.string()),
  firstRow: z.number().int(),
  column: z.string(),
  rows: z.number().int(),
});

export const ProposalView = z.object({
  fileName: z.string(),
  sheet: z.string().nullable(),
  header: z.array(z.string()),
  rows: z.array(z.array(z.string())),
  layout: z.enum(['long', 'wide-period', 'wide-breakdown']),
  reasons: z.array(z.enum(['name', 'period-header', 'code-header', 'values', 'none', 'duplicate'])),
  mapping: ImportMappingBody,
  problems: z.array(LabelProblemView),
  preview: z.array(Cells),
  /** A saved mapping that fits this header (applied automatically by the web's mapping step). */
  savedMatch: MappingView.nullable(),
});
export type ProposalView = z.infer<typeof ProposalView>;

export const MappedImportView = z.object({
  dryRun: z.boolean(),
  historical: z.boolean(),
  fileName: z.string(),
  mapping: z.string(),
  submissions: z.array(
    z.object({
      reporter: z.string(),
      submissionId: z.number().int().nullable(),
      observations: z.number().int(),
      derivedTotals: z.number().int(),
    }),
  ),
  observations: z.number().int(),
  skippedRows: z.number().int(),
  preview: z.array(Cells),
});
export type MappedImportView = z.infer<typeof MappedImportView>;
