/**
 * The layer rules of docs/architecture.md, enforced: no import cycle among src/ files, no src/modules →
 * src/server import, src/shared and src/jobs import no module, src/domain no database/module/server, and no
 * module reads another module's .sql.ts. The rules are in .dependency-cruiser.mjs and checked by
 * dependency-cruiser (a maintained cycle and layer checker).
 *
 * dependency-cruiser reads TypeScript through the TypeScript compiler's API, which TypeScript 7 (this repo's
 * compiler) no longer has. So the test gives it a JavaScript copy of src/ made with esbuild, type-only imports
 * kept as imports (a cycle through types is still a cycle), and reports the violations on the .ts paths. The
 * second test proves the rules fail: it runs them on a small tree that breaks each one.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { IConfiguration, ICruiseResult, IViolation } from 'dependency-cruiser';
import { cruise } from 'dependency-cruiser';
import { transformSync } from 'esbuild';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..');

// The rule file is plain JavaScript (dependency-cruiser's CLI reads it too), so it has no TypeScript types.
const { default: rules } = (await import(pathToFileURL(join(ROOT, '.dependency-cruiser.mjs')).href)) as {
  default: IConfiguration;
};

/** `import type { A }`, `import { type A }`, `export type { A } from` → plain imports/exports, kept by esbuild. */
function keepTypeImports(code: string): string {
  return code
    .replace(/\bimport\s+type\s+(?=[\w$*{])/g, 'import ')
    .replace(/\bexport\s+type\s+(?=[*{])/g, 'export ')
    .replace(
      /\b(import|export)(\s+[\w$]+\s*,)?\s*\{([^}]*)\}(\s*from\s*['"])/g,
      (_m, kw, def, names, from) => {
        const plain = String(names).replace(/(^|,)(\s*)type\s+(?=[\w$])/g, '$1$2');
        return `${kw}${def ?? ''} {${plain}}${from}`;
      },
    );
}

function tsFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...tsFiles(p));
    else if (name.endsWith('.ts') && !name.endsWith('.d.ts')) out.push(p);
  }
  return out;
}

/** Writes `files` (path relative to the tree → TypeScript source) as JavaScript under a new temporary root. */
function javascriptTree(files: Map<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'passage-architecture-'));
  for (const [path, source] of files) {
    const out = join(root, path.replace(/\.ts$/, '.js'));
    mkdirSync(dirname(out), { recursive: true });
    const { code } = transformSync(keepTypeImports(source), {
      loader: 'ts',
      format: 'esm',
      sourcefile: path,
      // Keep every import, also those only used as types (verbatimModuleSyntax, as in tsconfig.json).
      tsconfigRaw: { compilerOptions: { verbatimModuleSyntax: true } },
    });
    writeFileSync(out, code);
  }
  return root;
}

async function check(root: string): Promise<ICruiseResult> {
  const { output } = await cruise(['src'], {
    ...rules.options,
    baseDir: root,
    validate: true,
    ruleSet: { forbidden: rules.forbidden },
  });
  if (typeof output === 'string')
    throw new Error(`dependency-cruiser answered text: ${output.slice(0, 200)}`);
  return output;
}

const asTs = (p: string) => p.replace(/\.js$/, '.ts');
const describeViolation = (v: IViolation) =>
  `${v.rule.name}: ${asTs(v.from)} → ${asTs(v.to)}` +
  (v.cycle?.length ? ` (cycle: ${v.cycle.map((c) => asTs(c.name)).join(' → ')})` : '');

const roots: string[] = [];
afterAll(() => {
  for (const r of roots) rmSync(r, { recursive: true, force: true });
});

/**
 * Files of src/modules other than `.sql.ts` (and tests) that may still hold SQL, each with why. Empty: every
 * query lives in its module's `.sql.ts` (docs/architecture.md, "A module's anatomy"). A new entry needs a reason.
 */
const SQL_OUTSIDE_SQL_FILES: ReadonlyMap<string, string> = new Map<string, string>([]);

/** Tests (a `tests/` folder or `*.test.ts`) may write SQL to set up and inspect the database. */
const isTest = (f: string) => /(^|\/)tests\//.test(f) || /\.test\.ts$/.test(f);

/** Asking the catalogue what the schema looks like: the migrations say it (docs/architecture.md). */
function schemaProbesIn(source: string): string[] {
  const found = source.match(/\b(information_schema|pg_catalog|to_regclass)\b/gi) ?? [];
  return [...new Set(found.map((m) => m.toLowerCase()))];
}

/** A `sql` template or an import of sql-template-tag (also under another name) in the source text. */
function sqlInSource(source: string): string[] {
  const found: string[] = [];
  if (/from\s+['"]sql-template-tag['"]/.test(source)) found.push('imports sql-template-tag');
  const templates = source.match(/\bsql\s*`/g)?.length ?? 0;
  if (templates) found.push(`${templates} sql\`\` template(s)`);
  return found;
}

describe('architecture', () => {
  it('files under src/modules hold no SQL outside their .sql.ts files (tests aside)', () => {
    const offenders = tsFiles(join(ROOT, 'src/modules'))
      .map((f) => relative(ROOT, f))
      .filter((f) => !f.endsWith('.sql.ts') && !isTest(f) && !SQL_OUTSIDE_SQL_FILES.has(f))
      .flatMap((f) => {
        const found = sqlInSource(readFileSync(join(ROOT, f), 'utf8'));
        return found.length ? [`${f}: ${found.join(', ')}`] : [];
      });
    expect(offenders).toEqual([]);
    // The allowance list does not outlive its reason: each entry still exists and still holds SQL.
    for (const f of SQL_OUTSIDE_SQL_FILES.keys())
      expect(sqlInSource(readFileSync(join(ROOT, f), 'utf8')), f).not.toEqual([]);
  });

  it('src/modules asks the catalogue nothing at run time (information_schema, pg_catalog, to_regclass)', () => {
    const offenders = tsFiles(join(ROOT, 'src/modules'))
      .map((f) => relative(ROOT, f))
      .flatMap((f) => {
        const found = schemaProbesIn(readFileSync(join(ROOT, f), 'utf8'));
        return found.length ? [`${f}: ${found.join(', ')}`] : [];
      });
    expect(offenders).toEqual([]);
  });

  it('recognises a schema probe and tells tests from code', () => {
    expect(schemaProbesIn("sql`SELECT to_regclass('x') IS NOT NULL`")).toEqual(['to_regclass']);
    expect(schemaProbesIn('FROM information_schema.columns JOIN Information_Schema.tables')).toEqual([
      'information_schema',
    ]);
    expect(schemaProbesIn('SELECT 1 FROM pg_catalog.pg_class')).toEqual(['pg_catalog']);
    expect(schemaProbesIn('SELECT regclass, my_pg_catalogue FROM t')).toEqual([]);
    expect(isTest('src/modules/alerts/tests/alerts-world.ts')).toBe(true);
    expect(isTest('src/modules/audit/audit.checkpoint.test.ts')).toBe(true);
    expect(isTest('src/modules/audit/audit.checkpoint.ts')).toBe(false);
    expect(isTest('src/modules/contests/contests.service.ts')).toBe(false);
  });

  it('recognises SQL in a service however it is spelled', () => {
    expect(sqlInSource("import sql from 'sql-template-tag';\nawait db.query(sql`SELECT 1`);")).toEqual([
      'imports sql-template-tag',
      '1 sql`` template(s)',
    ]);
    expect(sqlInSource('import q from "sql-template-tag";')).toEqual(['imports sql-template-tag']);
    expect(sqlInSource("import { listThings } from './things.sql';\nconst mysql = 1;")).toEqual([]);
  });

  it('src/ keeps the layer rules: no cycle, modules never import the server or a foreign .sql.ts', async () => {
    const sources = new Map(
      tsFiles(join(ROOT, 'src')).map((f) => [relative(ROOT, f), readFileSync(f, 'utf8')] as const),
    );
    const root = javascriptTree(sources);
    roots.push(root);
    const result = await check(root);
    // The copy is faithful: every file was read, and a type-only import (Ctx's Db) is still an edge.
    expect(result.summary.totalCruised).toBe(sources.size);
    const ctx = result.modules.find((m) => m.source === 'src/shared/ctx.js');
    expect(ctx?.dependencies.map((d) => d.resolved)).toContain('src/db/connect.js');
    expect(result.summary.violations.map(describeViolation)).toEqual([]);
  }, 120_000);

  it('the rules catch a cycle, a module importing the server, shared or domain importing down, foreign SQL', async () => {
    const root = javascriptTree(
      new Map([
        ['src/server/app.ts', "import { a } from '../modules/alpha/alpha.service';\nexport const app = a;\n"],
        ['src/db/connect.ts', 'export type Db = { kind: string };\n'],
        [
          'src/modules/alpha/alpha.service.ts',
          "import { b } from '../beta/beta.service';\nimport { app } from '../../server/app';\n" +
            'export const a = () => [b, app];\n',
        ],
        [
          'src/modules/beta/beta.service.ts',
          "import type { A } from '../alpha/alpha.sql';\nimport { a } from '../alpha/alpha.service';\n" +
            'export const b = (x: A) => [a, x];\n',
        ],
        ['src/modules/alpha/alpha.sql.ts', 'export type A = number;\n'],
        ['src/shared/helper.ts', "import { b } from '../modules/beta/beta.service';\nexport const h = b;\n"],
        [
          'src/domain/rule.ts',
          "import type { Db } from '../db/connect';\nexport const r = (d: Db) => d.kind;\n",
        ],
      ]),
    );
    roots.push(root);
    const found = (await check(root)).summary.violations.map(describeViolation);
    expect(found).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^no-cycle: src\/modules\/alpha\/alpha\.service\.ts → /),
        'modules-not-to-server: src/modules/alpha/alpha.service.ts → src/server/app.ts',
        'shared-not-to-modules: src/shared/helper.ts → src/modules/beta/beta.service.ts',
        'domain-is-pure: src/domain/rule.ts → src/db/connect.ts',
        'no-foreign-sql: src/modules/beta/beta.service.ts → src/modules/alpha/alpha.sql.ts',
      ]),
    );
  }, 60_000);

  it('keeps type-only imports as imports', () => {
    expect(keepTypeImports("import type { A } from './a';")).toBe("import { A } from './a';");
    expect(keepTypeImports("import { type A, b } from './a';")).toBe("import { A, b } from './a';");
    expect(keepTypeImports("import x, { type A } from './a';")).toBe("import x, { A } from './a';");
    expect(keepTypeImports("export type { A } from './a';")).toBe("export { A } from './a';");
    expect(keepTypeImports('const t = { type: 1 };')).toBe('const t = { type: 1 };');
    expect(keepTypeImports('export type Db = { kind: string };')).toBe('export type Db = { kind: string };');
  });
});
