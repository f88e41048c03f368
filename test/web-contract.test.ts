/**
 * One contract between server and web app (src/contract, docs/architecture.md "The web app's contract"):
 *
 * 1. Every endpoint of the contract's table is a route of the server, and the OpenAPI description the server
 *    makes of it (path and query parameters, body, success response) equals the one made from the schemas the
 *    table names: the table cannot drift from the routes, so the web app's types are the routes' types.
 * 2. The web app writes no API type by hand: its features' api.ts files declare no object types (they
 *    re-export the contract's), and nothing in web/src declares a type named like a server view.
 * 3. The web app reaches the server's code only through the contract: type-only imports of
 *    `@passage/contract`, values only from `@passage/contract/constants`, whose every file is plain TypeScript
 *    importing no package (no zod, no server code in the bundle).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import swagger from '@fastify/swagger';
import Fastify from 'fastify';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API, type Endpoint } from '../src/contract/api';
import { createTestApp, type TestApp } from './app';

const ROOT = join(import.meta.dirname, '..');

interface Operation {
  parameters?: { in: string; name: string }[];
  requestBody?: unknown;
  responses?: Record<string, unknown>;
}
type OpenApi = { paths: Record<string, Record<string, Operation>> };

/** `GET /api/x/:id` → ['get', '/api/x/{id}']. */
function openApiKey(route: string): [string, string] {
  const [method = '', path = ''] = route.split(' ');
  return [method.toLowerCase(), path.replace(/:([A-Za-z]+)/g, '{$1}')];
}

/** The operation of a path, whether the server registered it with a trailing slash (a plugin's root) or not. */
function operationOf(doc: OpenApi, route: string): Operation | undefined {
  const [method, path] = openApiKey(route);
  return doc.paths[path]?.[method] ?? doc.paths[`${path}/`]?.[method];
}

/** What the comparison looks at: the parameters (sorted), the body and the success response. */
function described(op: Operation | undefined, endpoint: Endpoint) {
  const status = String(endpoint.status ?? 200);
  const parameters = [...(op?.parameters ?? [])].sort((a, b) =>
    `${a.in}:${a.name}`.localeCompare(`${b.in}:${b.name}`),
  );
  return {
    parameters,
    requestBody: op?.requestBody ?? null,
    response: endpoint.response === null ? 'not compared' : (op?.responses?.[status] ?? 'missing'),
  };
}

/** An app with only the contract's endpoints, described by the same transform as the server's document. */
async function contractDocument(): Promise<OpenApi> {
  const app = Fastify();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  await app.register(swagger, {
    openapi: { info: { title: 'contract', version: '0' } },
    transform: jsonSchemaTransform,
  });
  for (const [route, e] of Object.entries(API)) {
    const [method = '', url = ''] = route.split(' ');
    const endpoint: Endpoint = e;
    const schema = {
      ...(endpoint.params ? { params: endpoint.params } : {}),
      ...(endpoint.query ? { querystring: endpoint.query } : {}),
      ...(endpoint.body ? { body: endpoint.body } : {}),
      ...(endpoint.response ? { response: { [endpoint.status ?? 200]: endpoint.response } } : {}),
    };
    app.route({ method, url, schema, handler: async () => null });
  }
  await app.ready();
  const doc = app.swagger() as unknown as OpenApi; // @fastify/swagger types the document loosely
  await app.close();
  return doc;
}

describe('the contract is the routes', () => {
  let t: TestApp;
  let server: OpenApi;
  let contract: OpenApi;
  beforeAll(async () => {
    t = await createTestApp('pglite');
    server = t.app.swagger() as unknown as OpenApi; // as above
    contract = await contractDocument();
  });
  afterAll(async () => {
    await t?.close();
  });

  it('has every endpoint of the table among the server routes, with its method and path', () => {
    const routes = new Set(t.app.routeTable.map((r) => `${r.method} ${r.url.replace(/\/$/, '')}`));
    const missing = Object.keys(API).filter((route) => !routes.has(route));
    expect(missing).toEqual([]);
  });

  it('describes each endpoint (params, query, body, response) as the server does', () => {
    const undocumented = Object.keys(API).filter(
      (route) => !operationOf(server, route) || !operationOf(contract, route),
    );
    expect(undocumented).toEqual([]);
    const differences = Object.entries(API).flatMap(([route, endpoint]) => {
      const mine = described(operationOf(contract, route), endpoint);
      const theirs = described(operationOf(server, route), endpoint);
      return JSON.stringify(mine) === JSON.stringify(theirs)
        ? []
        : [{ route, contract: mine, server: theirs }];
    });
    expect(differences).toEqual([]);
  });

  it('notices a table entry that names the wrong schema', async () => {
    // The check above is only worth something if a wrong schema shows: describe one route with another's.
    const route = 'GET /api/auth/session';
    const wrong: Endpoint = { response: API['GET /api/auth/providers'].response };
    const app = Fastify();
    app.setValidatorCompiler(validatorCompiler);
    app.setSerializerCompiler(serializerCompiler);
    await app.register(swagger, {
      openapi: { info: { title: 'x', version: '0' } },
      transform: jsonSchemaTransform,
    });
    app.get(
      '/api/auth/session',
      { schema: { response: { 200: API['GET /api/auth/providers'].response } } },
      async () => null,
    );
    await app.ready();
    const doc = app.swagger() as unknown as OpenApi; // as above
    await app.close();
    expect(described(operationOf(doc, route), wrong)).not.toEqual(
      described(operationOf(server, route), API[route]),
    );
  });
});

// --- the web side -----------------------------------------------------------------------------------------

function filesUnder(dir: string, pattern: RegExp): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return filesUnder(p, pattern);
    return pattern.test(name) ? [p] : [];
  });
}

const WEB_SRC = join(ROOT, 'web/src');
const webFiles = filesUnder(WEB_SRC, /\.tsx?$/);
const apiFiles = webFiles.filter((f) => /features\/[^/]+\/api\.ts$/.test(f));

/** Object types a file declares: `interface X`, or `type X = …` whose definition holds an object literal type. */
function declaredObjectTypes(source: string): string[] {
  const found: string[] = [];
  for (const m of source.matchAll(/^(?:export\s+)?interface\s+(\w+)/gm)) found.push(m[1] ?? '');
  for (const m of source.matchAll(/^(?:export\s+)?type\s+(\w+)(?:<[^=]*>)?\s*=([^;]*);/gm)) {
    if (m[2]?.includes('{')) found.push(m[1] ?? '');
  }
  return found;
}

/** Type aliases in api.ts files that hold braces but are not server shapes, with the reason. */
const NOT_SHAPES: Record<string, string> = {
  // analytics/api.ts: a mapped type over the contract's view names (one typed fetcher per view).
  Fetchers: 'mapped type over the contract',
};

describe('the web app writes no API type by hand', () => {
  it('finds the hand-written types it checks for (the check itself)', () => {
    const sample = [
      'export interface SessionView { user: { id: number } }',
      'type DiffRow = { id: number; value: number | null };',
      'export type Channel = ApiBody<"POST /api/x">["channel"];',
    ].join('\n');
    expect(declaredObjectTypes(sample)).toEqual(['SessionView', 'DiffRow']);
  });

  it('declares no object type in web/src/features/*/api.ts (they re-export the contract)', () => {
    expect(apiFiles.length).toBeGreaterThan(10);
    const found = apiFiles.flatMap((file) =>
      declaredObjectTypes(readFileSync(file, 'utf8'))
        .filter((name) => !(name in NOT_SHAPES))
        .map((name) => `${relative(ROOT, file)}: ${name}`),
    );
    expect(found).toEqual([]);
  });

  it('declares no type named like a server view anywhere in web/src', () => {
    const found = webFiles.flatMap((file) =>
      [
        ...readFileSync(file, 'utf8').matchAll(
          /^(?:export\s+)?(?:interface|type)\s+(\w+(?:View|Detail|Body|Summary))\b/gm,
        ),
      ].map((m) => `${relative(ROOT, file)}: ${m[1]}`),
    );
    // `type X = ApiBody<…>` aliases in api.ts files name a body the contract defines: allowed.
    const handWritten = found.filter((f) => {
      const [file = '', name = ''] = f.split(': ');
      const source = readFileSync(join(ROOT, file), 'utf8');
      return new RegExp(`type\\s+${name}\\s*=\\s*\\{|interface\\s+${name}\\b`).test(source);
    });
    expect(handWritten).toEqual([]);
  });
});

/** Import specifiers of a source file, with whether the import is type-only. */
function importsOf(source: string): { spec: string; typeOnly: boolean }[] {
  const out: { spec: string; typeOnly: boolean }[] = [];
  for (const m of source.matchAll(/^(?:import|export)\s+(type\s+)?([^'"]*?)\s*from\s*['"]([^'"]+)['"]/gm)) {
    const clause = (m[2] ?? '').trim();
    // `import { type A, type B } from` is type-only too (nothing of it stays in the bundle).
    const names = /^\{([^}]*)\}$/
      .exec(clause)?.[1]
      ?.split(',')
      .map((n) => n.trim())
      .filter(Boolean);
    const isTypeOnly = !!m[1] || names?.every((n) => n.startsWith('type ')) === true;
    out.push({ spec: m[3] ?? '', typeOnly: isTypeOnly });
  }
  for (const m of source.matchAll(/^import\s+['"]([^'"]+)['"]/gm))
    out.push({ spec: m[1] ?? '', typeOnly: false });
  return out;
}

describe('the web app reaches server code only through the contract', () => {
  it('imports @passage/contract only as types, and nothing else outside web/', () => {
    const wrong = webFiles.flatMap((file) =>
      importsOf(readFileSync(file, 'utf8')).flatMap(({ spec, typeOnly }) => {
        const where = relative(ROOT, file);
        if (spec === '@passage/contract') return typeOnly ? [] : [`${where}: value import of ${spec}`];
        if (spec === '@passage/contract/constants') return [];
        if (spec.startsWith('.') && !resolve(dirname(file), spec).startsWith(join(ROOT, 'web')))
          return [`${where}: ${spec} leaves web/`];
        return [];
      }),
    );
    expect(wrong).toEqual([]);
  });

  it('reaches, from @passage/contract/constants, only plain files that import no package', () => {
    const seen = new Set<string>();
    const problems: string[] = [];
    const visit = (file: string) => {
      if (seen.has(file)) return;
      seen.add(file);
      const where = relative(ROOT, file);
      if (!/^src\/(contract\/constants|domain\/|shared\/)/.test(where))
        problems.push(`${where}: outside src/domain, src/shared`);
      for (const { spec, typeOnly } of importsOf(readFileSync(file, 'utf8'))) {
        if (typeOnly) continue;
        if (!spec.startsWith('.')) problems.push(`${where}: imports the package ${spec}`);
        else visit(resolve(dirname(file), `${spec}.ts`));
      }
    };
    visit(join(ROOT, 'src/contract/constants.ts'));
    expect(seen.size).toBeGreaterThan(5);
    expect(problems).toEqual([]);
  });
});

describe('src/contract names schemas and nothing else', () => {
  const contractFiles = filesUnder(join(ROOT, 'src/contract'), /\.ts$/);

  it("imports only zod, the modules' .schema.ts files, src/domain and src/shared", () => {
    const wrong = contractFiles.flatMap((file) =>
      importsOf(readFileSync(file, 'utf8')).flatMap(({ spec }) => {
        if (spec === 'zod' || spec.startsWith('./')) return [];
        const target = relative(ROOT, resolve(dirname(file), spec));
        return /^src\/modules\/.+\.schema$/.test(target) || /^src\/(domain|shared)\//.test(target)
          ? []
          : [`${relative(ROOT, file)}: ${spec}`];
      }),
    );
    expect(contractFiles.length).toBeGreaterThanOrEqual(4);
    expect(wrong).toEqual([]);
  });

  it('is imported by no server code (it sits above the modules, for the web app and the tests)', () => {
    const importers = filesUnder(join(ROOT, 'src'), /\.ts$/)
      .filter((f) => !f.startsWith(join(ROOT, 'src/contract')))
      .filter((f) => importsOf(readFileSync(f, 'utf8')).some(({ spec }) => spec.includes('contract/')))
      .map((f) => relative(ROOT, f));
    expect(importers).toEqual([]);
  });
});
