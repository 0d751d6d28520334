import { startAuthServer } from '../../../test/support/auth-server.js';
import { startTestDatabase, type TestDatabase } from '../../../test/support/database.js';
import { startApi, type StartedApi } from './api.harness.js';
import { call } from './http.helper.js';

type AuthServer = Awaited<ReturnType<typeof startAuthServer>>;

/** The real auth server issues the tokens; the api verifies them against its JWKS. */
describe('apps/api with the real auth server', () => {
  let db: TestDatabase;
  let auth: AuthServer;
  let api: StartedApi;
  let alice: { token: string; id: string };
  let bob: { token: string; id: string };

  const asAlice = (method: string, path: string, json?: unknown) =>
    call(api.url, method, path, { token: alice.token, json });
  const asBob = (method: string, path: string, json?: unknown) =>
    call(api.url, method, path, { token: bob.token, json });

  async function user(name: string) {
    const signed = await auth.signUp({
      email: `${name}@example.com`,
      password: 'correct horse battery staple',
      name,
    });
    return { token: await auth.token(signed.sessionToken), id: signed.user.id };
  }

  // One database for both servers (no foreign key links notes to users): one boot instead of two.
  beforeAll(async () => {
    db = await startTestDatabase();
    auth = await startAuthServer({ DATABASE_URL: db.url });
    api = await startApi({ AUTH_URL: auth.url, DATABASE_URL: db.url });
    alice = await user('alice');
    bob = await user('bob');
  }, 120_000);

  afterAll(async () => {
    await api?.close();
    await auth?.close();
    await db?.stop();
  });

  describe('GET /me', () => {
    it('returns the principal from the token', async () => {
      const { status, body } = await asAlice('GET', '/me');
      expect(status).toBe(200);
      expect(body).toMatchObject({
        sub: alice.id,
        email: 'alice@example.com',
        name: 'alice',
        issuer: auth.url,
        provider: 'local',
        audience: expect.arrayContaining(['http://localhost:3000']),
        emailVerified: false, // the flag always travels with the address
      });
      expect(body.scopes).toEqual(expect.arrayContaining(['notes:read', 'notes:write']));
      expect(body).not.toHaveProperty('claims');
    });

    it('answers the same JSON when the token comes back (verified-token cache)', async () => {
      const first = await call(api.url, 'GET', '/me', { token: alice.token });
      const again = await call(api.url, 'GET', '/me', { token: alice.token });
      expect(again.status).toBe(200);
      expect(again.headers.get('content-type')).toBe('application/json; charset=utf-8');
      expect(again.body).toEqual(first.body);
      expect(again.body).toMatchObject({ sub: alice.id, provider: 'local' });
    });

    it('answers 401 with a bare Bearer challenge without a token', async () => {
      const { status, headers, body } = await call(api.url, 'GET', '/me');
      expect(status).toBe(401);
      expect(headers.get('www-authenticate')).toBe('Bearer realm="http://localhost:3000"');
      expect(body).toMatchObject({ statusCode: 401 });
    });

    it.each([
      ['garbage', 'not.a.jwt'],
      ['a tampered signature', () => `${alice.token.slice(0, -4)}AAAA`],
      ['an unsigned token', () => `${alice.token.split('.').slice(0, 2).join('.')}.`],
    ])('answers 401 invalid_token for %s', async (_what, token) => {
      const value = typeof token === 'function' ? token() : token;
      const { status, headers, body } = await call(api.url, 'GET', '/me', { token: value });
      expect(status).toBe(401);
      expect(headers.get('www-authenticate')).toMatch(
        /^Bearer realm="http:\/\/localhost:3000", error="invalid_token"/,
      );
      expect(JSON.stringify(body)).not.toMatch(/stack|at \w+ \(/);
    });
  });

  describe('GET /me/email (@RequireVerifiedEmail)', () => {
    const challenge =
      'Bearer realm="http://localhost:3000", error="email_not_verified", error_description="a verified email address is required"';

    it('refuses an unverified address with 403 email_not_verified, then serves it once verified', async () => {
      const email = 'carol@example.com';
      const password = 'correct horse battery staple';
      const signed = await auth.signUp({ email, password, name: 'carol' });
      const before = await auth.token(signed.sessionToken);
      for (let i = 0; i < 2; i++) {
        // the second time from the verified-token cache
        const refused = await call(api.url, 'GET', '/me/email', { token: before });
        expect(refused.status).toBe(403);
        expect(refused.headers.get('www-authenticate')).toBe(challenge);
        expect(refused.body).toEqual({
          statusCode: 403,
          error: 'Forbidden',
          message: 'a verified email address is required',
        });
      }

      // The real verification mail, opened; the flag is read from the token, so sign in again.
      const sent = await call(auth.url, 'POST', '/api/auth/send-verification-email', {
        json: { email },
        headers: { origin: auth.url },
      });
      expect(sent.status).toBe(200);
      const mail = await auth.waitForMail(email, 'verify-email');
      expect((await fetch(mail.url, { redirect: 'manual' })).status).toBeLessThan(400);
      const signIn = await fetch(`${auth.url}/api/auth/sign-in/email`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: auth.url },
        body: JSON.stringify({ email, password }),
      });
      expect(signIn.status).toBe(200);
      const after = await auth.token(signIn.headers.get('set-auth-token')!);

      const served = await call(api.url, 'GET', '/me/email', { token: after });
      expect(served).toMatchObject({ status: 200, body: { email, emailVerified: true } });
      expect((await call(api.url, 'GET', '/me', { token: after })).body).toMatchObject({
        email,
        emailVerified: true,
      });
      // A token minted before the verification still says false, and is still refused.
      expect((await call(api.url, 'GET', '/me/email', { token: before })).status).toBe(403);
    });
  });

  describe('/notes', () => {
    it('creates, reads, updates and deletes a note', async () => {
      const created = await asAlice('POST', '/notes', { title: 'Groceries', body: 'eggs' });
      expect(created.status).toBe(201);
      expect(created.body).toEqual({
        id: expect.any(String),
        title: 'Groceries',
        body: 'eggs',
        organizationId: null,
        createdAt: expect.any(String),
        updatedAt: expect.any(String),
      });
      const id = created.body.id as string;

      expect((await asAlice('GET', `/notes/${id}`)).body).toEqual(created.body);

      const patched = await asAlice('PATCH', `/notes/${id}`, { body: 'eggs, milk' });
      expect(patched.status).toBe(200);
      expect(patched.body).toMatchObject({ id, title: 'Groceries', body: 'eggs, milk' });

      const deleted = await asAlice('DELETE', `/notes/${id}`);
      expect(deleted.status).toBe(204);
      expect(deleted.body).toBe('');
      const gone = await asAlice('GET', `/notes/${id}`);
      expect(gone.status).toBe(404);
      expect(gone.body).toMatchObject({ statusCode: 404, message: 'note not found' });
    });

    it('pages through the notes with a cursor and searches them', async () => {
      for (const title of ['alpha one', 'beta two', 'Alpha three', 'gamma four', 'delta five']) {
        expect((await asAlice('POST', '/notes', { title })).status).toBe(201);
      }
      const titles: string[] = [];
      let cursor: string | null = null;
      do {
        const query: string = cursor ? `&cursor=${encodeURIComponent(cursor)}` : '';
        const page = await asAlice('GET', `/notes?limit=2${query}`);
        expect(page.status).toBe(200);
        expect(page.body.items.length).toBeLessThanOrEqual(2);
        titles.push(...page.body.items.map((n: { title: string }) => n.title));
        cursor = page.body.nextCursor;
      } while (cursor);
      expect(titles).toEqual(['delta five', 'gamma four', 'Alpha three', 'beta two', 'alpha one']);

      const found = await asAlice('GET', '/notes?search=ALPHA');
      expect(found.body.items.map((n: { title: string }) => n.title)).toEqual([
        'Alpha three',
        'alpha one',
      ]);
      expect(found.body.nextCursor).toBeNull();
    });

    it('keeps each user to their own notes: another user gets 404 and changes nothing', async () => {
      const { body: note } = await asAlice('POST', '/notes', {
        title: 'alice only',
        body: 'secret',
      });
      expect((await asBob('GET', `/notes/${note.id}`)).status).toBe(404);
      expect((await asBob('PATCH', `/notes/${note.id}`, { title: 'pwned' })).status).toBe(404);
      expect((await asBob('DELETE', `/notes/${note.id}`)).status).toBe(404);
      const bobs = await asBob('GET', '/notes?limit=100');
      expect(bobs.status).toBe(200);
      expect(bobs.body.items).toEqual([]);
      expect((await asBob('GET', '/notes?search=secret')).body.items).toEqual([]);
      expect((await asAlice('GET', `/notes/${note.id}`)).body).toMatchObject({
        title: 'alice only',
        body: 'secret',
      });
    });

    it('handles concurrent writes and reads of one user', async () => {
      const results = await Promise.all(
        Array.from({ length: 24 }, (_, i) =>
          i % 3 === 2
            ? asBob('GET', '/notes?limit=5')
            : asBob('POST', '/notes', { title: `concurrent ${i}` }),
        ),
      );
      expect(results.map((r) => r.status).sort()).toEqual([
        ...Array<number>(8).fill(200),
        ...Array<number>(16).fill(201),
      ]);
      const all = await asBob('GET', '/notes?search=concurrent&limit=100');
      expect(all.body.items).toHaveLength(16);
      for (const note of all.body.items) {
        expect((await asBob('DELETE', `/notes/${note.id}`)).status).toBe(204);
      }
    });

    it('answers 404 for ids that are not note ids', async () => {
      for (const id of ['123', 'not-a-uuid', '00000000-0000-0000-0000-000000000000']) {
        const { status, body } = await asAlice('GET', `/notes/${id}`);
        expect(status).toBe(404);
        expect(body).toMatchObject({ statusCode: 404 });
      }
    });

    it('needs a token', async () => {
      const { status, headers } = await call(api.url, 'POST', '/notes', { json: { title: 'x' } });
      expect(status).toBe(401);
      expect(headers.get('www-authenticate')).toBe('Bearer realm="http://localhost:3000"');
    });
  });

  describe('bad input', () => {
    it.each([
      ['POST', '/notes', 'no title', {}, 'title'],
      ['POST', '/notes', 'an empty title', { title: '' }, 'title'],
      ['POST', '/notes', 'a blank title', { title: '   ' }, 'title'],
      ['POST', '/notes', 'a 201-character title', { title: 'x'.repeat(201) }, 'title'],
      ['POST', '/notes', 'a numeric title', { title: 42 }, 'title'],
      [
        'POST',
        '/notes',
        'a 10 001-character body',
        { title: 'ok', body: 'x'.repeat(10_001) },
        'body',
      ],
      ['POST', '/notes', 'an unknown field', { title: 'ok', ownerId: 'someone-else' }, 'ownerId'],
      ['GET', '/notes?limit=0', 'limit 0', undefined, 'limit'],
      ['GET', '/notes?limit=101', 'limit 101', undefined, 'limit'],
      ['GET', '/notes?limit=abc', 'a non-numeric limit', undefined, 'limit'],
      ['GET', '/notes?cursor=garbage', 'a forged cursor', undefined, 'cursor'],
      ['GET', '/notes?sort=desc', 'an unknown query parameter', undefined, 'sort'],
    ])('%s %s with %s → 400 naming the field', async (method, path, _what, json, field) => {
      const { status, body } = await asAlice(method, path, json);
      expect(status).toBe(400);
      expect(body.statusCode).toBe(400);
      expect(JSON.stringify(body.message)).toContain(field);
    });

    it('refuses an empty PATCH and an unknown field on PATCH', async () => {
      const { body: note } = await asAlice('POST', '/notes', { title: 'patch me' });
      expect((await asAlice('PATCH', `/notes/${note.id}`, {})).status).toBe(400);
      const unknown = await asAlice('PATCH', `/notes/${note.id}`, { id: 'x' });
      expect(unknown.status).toBe(400);
      expect(JSON.stringify(unknown.body.message)).toContain('id');
    });

    it.each([
      ['an array', '[]'],
      ['a string', '"title"'],
      ['null', 'null'],
      ['a number', '42'],
      ['a null title', '{"title": null}'],
      ['a null body', '{"title": "ok", "body": null}'],
      ['a NUL character', '{"title": "a\\u0000b"}'],
      ['a nested object', '{"title": {"$ne": ""}}'],
    ])('answers a body that is %s with 400, never a 5xx', async (_what, raw) => {
      const { status, body } = await call(api.url, 'POST', '/notes', { token: alice.token, raw });
      expect(status).toBe(400);
      expect(body).toMatchObject({ statusCode: 400 });
    });

    it.each([
      ['a repeated limit', '/notes?limit=1&limit=2'],
      ['a repeated search', '/notes?search=a&search=b'],
      ['a NUL in the search', '/notes?search=a%00b'],
    ])('answers a query with %s with 400', async (_what, path) => {
      const { status } = await asAlice('GET', path);
      expect(status).toBe(400);
    });

    it('answers long ids with a 4xx JSON: 404, or 414 past the router limit', async () => {
      expect((await asAlice('GET', `/notes/${'a'.repeat(90)}`)).status).toBe(404);
      const { status, body } = await asAlice('GET', `/notes/${'a'.repeat(5000)}`);
      expect(status).toBe(414);
      expect(body).toMatchObject({ statusCode: 414 });
    });

    it('answers malformed JSON with 400', async () => {
      const { status, body } = await call(api.url, 'POST', '/notes', {
        token: alice.token,
        raw: '{"title": ',
      });
      expect(status).toBe(400);
      expect(body).toMatchObject({ statusCode: 400 });
    });

    it('answers a body over the limit with 413 JSON', async () => {
      const { status, body } = await call(api.url, 'POST', '/notes', {
        token: alice.token,
        json: { title: 'big', body: 'x'.repeat(100 * 1024) },
      });
      expect(status).toBe(413);
      expect(body).toMatchObject({ statusCode: 413 });
    });

    it('answers an unknown route with 404 JSON', async () => {
      for (const token of [alice.token, undefined]) {
        const { status, body, headers } = await call(api.url, 'GET', '/nope', { token });
        expect(status).toBe(404);
        expect(headers.get('content-type')).toContain('application/json');
        expect(body).toMatchObject({ statusCode: 404 });
      }
    });
  });

  describe('public routes', () => {
    it('serves liveness and readiness without a token', async () => {
      expect(await call(api.url, 'GET', '/health/live')).toMatchObject({
        status: 200,
        body: { status: 'ok' },
      });
      const ready = await call(api.url, 'GET', '/health/ready');
      expect(ready.status).toBe(200);
      expect(ready.body).toEqual({ status: 'ok', checks: { database: 'up', keys: 'up' } });
    });

    it('serves the OpenAPI document with bearer auth at /docs', async () => {
      const ui = await call(api.url, 'GET', '/docs');
      expect(ui.status).toBe(200);
      expect(ui.headers.get('content-type')).toContain('text/html');
      const asset = await call(api.url, 'GET', '/docs/swagger-ui.css');
      expect(asset.status).toBe(200);
      const { status, body } = await call(api.url, 'GET', '/docs-json');
      expect(status).toBe(200);
      expect(Object.keys(body.paths)).toEqual(
        expect.arrayContaining(['/me', '/notes', '/notes/{id}', '/health/ready']),
      );
      expect(body.components.securitySchemes.bearer).toMatchObject({
        type: 'http',
        scheme: 'bearer',
      });
      expect(body.paths['/notes'].post.security).toEqual([{ bearer: [] }]);
      expect(body.components.schemas.CreateNoteDto.required).toEqual(['title']);
      // documented from the same rules that check the input (#notes)
      expect(body.components.schemas.CreateNoteDto.properties.title).toMatchObject({
        minLength: 1,
        maxLength: 200,
      });
      expect(body.components.schemas.UpdateNoteDto.additionalProperties).toBe(false);
      expect(body.paths['/notes'].get.parameters).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            name: 'limit',
            in: 'query',
            required: false,
            schema: expect.objectContaining({ minimum: 1, maximum: 100 }),
          }),
          expect.objectContaining({
            name: 'cursor',
            schema: expect.objectContaining({ maxLength: 128 }),
          }),
        ]),
      );
      expect(body.paths['/notes/{id}'].get.parameters).toEqual([
        expect.objectContaining({
          name: 'id',
          in: 'path',
          schema: expect.objectContaining({ format: 'uuid' }),
        }),
      ]);
      expect(body.paths['/me'].get.responses['401'].content['application/json'].schema).toEqual({
        $ref: '#/components/schemas/ApiErrorDto',
      });
      expect(body.paths['/health/live'].get.security).toBeUndefined();
    });
  });
});
