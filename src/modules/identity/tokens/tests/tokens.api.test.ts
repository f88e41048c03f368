import sql from 'sql-template-tag';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, loginCookie, sessionHeaders, type TestApp } from '../../../../../test/app';
import { testDatabases } from '../../../../../test/databases';
import { makeDialogue, makeUser, type TestUser } from '../../../../../test/factories';
import { actorFromApiToken } from '../tokens.service';

describe.each(testDatabases())('API tokens [%s]', (kind) => {
  let t: TestApp;
  let d: Awaited<ReturnType<typeof makeDialogue>>;
  let other: Awaited<ReturnType<typeof makeDialogue>>;
  let provider: TestUser;
  let providerH: Record<string, string>;
  let viewerH: Record<string, string>;

  beforeAll(async () => {
    t = await createTestApp(kind);
    d = await makeDialogue(t.db, { classification: 'dialogue' });
    other = await makeDialogue(t.db, { classification: 'dialogue' });
    provider = await makeUser(t.db, {
      roles: [
        { dialogueId: d.id, role: 'data_provider' },
        { dialogueId: other.id, role: 'analyst' },
      ],
    });
    const viewer = await makeUser(t.db, { roles: [{ dialogueId: d.id, role: 'viewer' }] });
    providerH = sessionHeaders(await loginCookie(t.app, provider.email, provider.password));
    viewerH = sessionHeaders(await loginCookie(t.app, viewer.email, viewer.password));
  });
  afterAll(() => t?.close());

  const create = (headers: Record<string, string>, payload: Record<string, unknown>) =>
    t.app.inject({ method: 'POST', url: '/api/tokens', headers, payload });
  const valid = () => ({
    name: 'monthly upload',
    dialogueId: d.id,
    scopes: ['observations:write'],
    expiresInDays: 90,
  });

  it('creates a token whose secret is shown once and stored only as a hash', async () => {
    const res = await create(providerH, valid());
    expect(res.statusCode).toBe(201);
    const { secret, token } = res.json();
    expect(secret).toMatch(/^psg_[\w-]{40,}$/);
    expect(token).toMatchObject({
      name: 'monthly upload',
      scopes: ['observations:write'],
      status: 'active',
      lastUsedAt: null,
    });
    expect(secret.startsWith(token.hint)).toBe(true);
    const rows = await t.db.query<{ token_hash: string }>(
      sql`SELECT token_hash FROM api_tokens WHERE id = ${token.id}`,
    );
    expect(rows[0]!.token_hash).not.toContain(secret);
    const list = await t.app.inject({ method: 'GET', url: '/api/tokens', headers: providerH });
    expect(JSON.stringify(list.json())).not.toContain(secret);
    expect(list.json().map((x: { id: number }) => x.id)).toContain(token.id);
  });

  it('authenticates with the bearer token: only the roles of its dialogue, with its scopes, and notes the use', async () => {
    const { secret, token } = (await create(providerH, valid())).json();
    const session = await t.app.inject({
      method: 'GET',
      url: `/api/dialogues`,
      headers: { authorization: `Bearer ${secret}` },
    });
    expect(session.statusCode).toBe(200);
    const slugs = session.json().map((x: { id: number; myRoles: string[] }) => [x.id, x.myRoles]);
    // The token sees its own dialogue as a member, and not the other dialogue the user is in.
    expect(slugs).toContainEqual([d.id, ['data_provider']]);
    expect(slugs.find((x: [number]) => x[0] === other.id)).toBeUndefined();
    const actor = await actorFromApiToken(t.db, `Bearer ${secret}`);
    expect(actor).toMatchObject({
      userId: provider.id,
      roles: { [d.id]: ['data_provider'] },
      scopes: ['observations:write'],
    });
    const list = (await t.app.inject({ method: 'GET', url: '/api/tokens', headers: providerH })).json();
    expect(list.find((x: { id: number }) => x.id === token.id).lastUsedAt).not.toBeNull();
  });

  it('a token cannot manage tokens, administer, or change a password', async () => {
    const { secret } = (await create(providerH, valid())).json();
    const bearer = { authorization: `Bearer ${secret}` };
    const mint = await create(bearer, valid());
    expect(mint.statusCode).toBe(403);
    expect(mint.json().code).toBe('TOKEN_NOT_ALLOWED');
    const admin = await t.app.inject({
      method: 'GET',
      url: `/api/admin/dialogues/${d.id}/users`,
      headers: bearer,
    });
    expect(admin.statusCode).toBe(403);
  });

  it('refuses forged, malformed, expired and revoked tokens with 401 and a clear code', async () => {
    const call = (authorization: string) =>
      t.app.inject({ method: 'GET', url: '/api/tokens', headers: { authorization } });
    const forged = await call(`Bearer psg_${'A'.repeat(43)}`);
    expect(forged.statusCode).toBe(401);
    expect(forged.json()).toMatchObject({ code: 'TOKEN_INVALID' });
    expect(forged.json().detail).toMatch(/unknown/);
    expect((await call('Bearer not-a-passage-token')).json().code).toBe('TOKEN_INVALID');
    expect((await call('Basic dXNlcjpwYXNz')).json().code).toBe('TOKEN_INVALID');

    const expiring = (await create(providerH, valid())).json();
    await t.db.query(
      sql`UPDATE api_tokens SET expires_at = now() - interval '1 second' WHERE id = ${expiring.token.id}`,
    );
    const expired = await call(`Bearer ${expiring.secret}`);
    expect(expired.statusCode).toBe(401);
    expect(expired.json().code).toBe('TOKEN_EXPIRED');

    const doomed = (await create(providerH, valid())).json();
    const revoke = await t.app.inject({
      method: 'DELETE',
      url: `/api/tokens/${doomed.token.id}`,
      headers: providerH,
    });
    expect(revoke.statusCode).toBe(200);
    expect(revoke.json().status).toBe('revoked');
    const revoked = await call(`Bearer ${doomed.secret}`);
    expect(revoked.statusCode).toBe(401);
    expect(revoked.json().code).toBe('TOKEN_REVOKED');
  });

  it("refuses scopes beyond the user's roles, dialogues they are not in, and bad input; writes nothing", async () => {
    const before = (await t.db.query<{ n: number }>(sql`SELECT count(*)::int AS n FROM api_tokens`))[0]!.n;
    const beyond = await create(viewerH, valid());
    expect(beyond.statusCode).toBe(403);
    expect(beyond.json().detail).toContain('observations:write');
    expect((await create(viewerH, { ...valid(), dialogueId: other.id })).statusCode).toBe(404);
    for (const bad of [
      { ...valid(), expiresInDays: 366 },
      { ...valid(), expiresInDays: 0 },
      { ...valid(), scopes: [] },
      { ...valid(), scopes: ['everything'] },
      { ...valid(), name: '' },
    ]) {
      const res = await create(providerH, bad);
      expect(res.statusCode, JSON.stringify(bad)).toBe(400);
    }
    expect((await t.app.inject({ method: 'POST', url: '/api/tokens', payload: valid() })).statusCode).toBe(
      401,
    );
    const after = (await t.db.query<{ n: number }>(sql`SELECT count(*)::int AS n FROM api_tokens`))[0]!.n;
    expect(after).toBe(before);
  });

  it("cannot revoke someone else's token (404)", async () => {
    const { token } = (await create(providerH, valid())).json();
    const res = await t.app.inject({ method: 'DELETE', url: `/api/tokens/${token.id}`, headers: viewerH });
    expect(res.statusCode).toBe(404);
    const [row] = await t.db.query<{ revoked_at: Date | null }>(
      sql`SELECT revoked_at FROM api_tokens WHERE id = ${token.id}`,
    );
    expect(row!.revoked_at).toBeNull();
  });
});
