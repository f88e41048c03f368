import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/app';
import { testDatabases } from '../../../test/databases';
import { authPlugin } from '../plugins/auth';

describe.each(testDatabases())('server [%s]', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(kind);
  });
  afterAll(() => t?.close());

  it('reports health and which database it runs on', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/health' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ok', database: kind });
  });

  it("serves an OpenAPI 3 document generated from the route schemas, with each route's access rule", async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/openapi.json' });
    expect(res.statusCode).toBe(200);
    const doc = res.json();
    expect(doc.openapi).toMatch(/^3\./);
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/api/health', '/api/auth/login', '/api/dialogues/{slug}']),
    );
    const login = doc.paths['/api/auth/login'].post;
    expect(login['x-access']).toBe('public');
    expect(login.requestBody.content['application/json'].schema.required).toEqual(['email', 'password']);
    // A named rule (docs/identity.md) and the scope an API token needs: none may ask for a session.
    expect(doc.paths['/api/auth/session'].get['x-access']).toBe('auth.session');
    expect(doc.paths['/api/auth/session'].get['x-token-scope']).toBe('session-only');
    expect(doc.paths['/api/dialogues/{slug}/definitions/indicators'].post).toMatchObject({
      'x-access': 'indicators.manage',
      'x-token-scope': 'definitions:write',
    });
    expect(login['x-token-scope']).toBeUndefined();
  });

  it('renders the API docs page', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/docs/' });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('swagger-ui');
  });

  it('answers unknown API paths with a problem+json 404', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/no-such-thing' });
    expect(res.statusCode).toBe(404);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json()).toMatchObject({ code: 'ROUTE_NOT_FOUND', status: 404 });
    expect(res.json().instance).toBeTruthy();
  });

  it('every API route declares an access rule', () => {
    const routes = t.app.printRoutes({ commonPrefix: false });
    expect(routes).toContain('/api/health');
  });
});

describe('access declaration is enforced at start-up', () => {
  it('refuses to register an API route without config.access', async () => {
    const app = Fastify();
    await app.register(authPlugin, { db: {} as never });
    expect(() => app.get('/api/forgotten', async () => 'x')).toThrow(
      /GET \/api\/forgotten declares no access rule/,
    );
    expect(() => app.get('/api/declared', { config: { access: 'user' } }, async () => 'x')).not.toThrow();
  });
});
