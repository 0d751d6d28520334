import { startTestDatabase, type TestDatabase } from '../../../test/support/database.js';
import { nowS, startOidcStandIn, type StandIn } from '../../../test/support/stand-ins/index.js';
import { DELETE_ALL_MAX_AGE_S } from '../src/notes/notes.controller.js';
import { startApi, type StartedApi } from './api.harness.js';
import { call } from './http.helper.js';

const NOTES = 'notes:read notes:write';

/**
 * DELETE /notes needs a recent sign-in (RFC 9470). The tokens come from an OpenID provider
 * stand-in, which puts `auth_time` and `amr` in its tokens as such providers do.
 */
describe('DELETE /notes (step-up: a recent sign-in)', () => {
  let db: TestDatabase;
  let issuer: StandIn;
  let api: StartedApi;

  beforeAll(async () => {
    db = await startTestDatabase();
    issuer = await startOidcStandIn();
    api = await startApi({ ...issuer.env, DATABASE_URL: db.url });
  }, 120_000);
  afterAll(async () => {
    await api?.close();
    await issuer?.close();
    await db?.stop();
  });

  it('asks a sign-in older than the limit to step up and deletes nothing', async () => {
    const old = await issuer.mint({
      scope: NOTES,
      auth_time: nowS() - DELETE_ALL_MAX_AGE_S - 60,
      amr: ['pwd'],
    });
    expect(
      (await call(api.url, 'POST', '/notes', { token: old, json: { title: 'keep' } })).status,
    ).toBe(201);

    const refused = await call(api.url, 'DELETE', '/notes', { token: old });
    expect(refused.status).toBe(401);
    // The realm is the api's own URL; the RFC 9470 part is what the client acts on.
    expect(refused.headers.get('www-authenticate')).toMatch(
      new RegExp(
        `^Bearer realm="[^"]+", error="insufficient_user_authentication", error_description="a more recent sign-in is required", max_age="${DELETE_ALL_MAX_AGE_S}"$`,
      ),
    );
    expect(refused.body).toEqual({
      statusCode: 401,
      error: 'Unauthorized',
      message: 'a more recent sign-in is required',
    });
    const listed = await call(api.url, 'GET', '/notes', { token: old });
    expect(listed.body.items).toHaveLength(1);

    const noAuthTime = await issuer.mint({ scope: NOTES });
    const unknown = await call(api.url, 'DELETE', '/notes', { token: noAuthTime });
    expect(unknown.status).toBe(401);
    expect(unknown.headers.get('www-authenticate')).toContain(
      'error="insufficient_user_authentication"',
    );
  });

  it("deletes every note of the caller, and only the caller's, after a fresh sign-in", async () => {
    const fresh = await issuer.mint({ scope: NOTES, auth_time: nowS() - 5, amr: ['pwd'] });
    const other = await issuer.mint({ scope: NOTES, sub: 'someone-else', auth_time: nowS() });
    for (const title of ['a', 'b']) {
      expect(
        (await call(api.url, 'POST', '/notes', { token: fresh, json: { title } })).status,
      ).toBe(201);
    }
    expect(
      (await call(api.url, 'POST', '/notes', { token: other, json: { title: 'theirs' } })).status,
    ).toBe(201);

    const deleted = await call(api.url, 'DELETE', '/notes', { token: fresh });
    expect(deleted).toMatchObject({ status: 200, body: { deleted: 3 } });
    expect((await call(api.url, 'GET', '/notes', { token: fresh })).body.items).toEqual([]);
    expect((await call(api.url, 'GET', '/notes', { token: other })).body.items).toHaveLength(1);
  });

  it('still needs notes:write first (403 before any step-up)', async () => {
    const reader = await issuer.mint({ scope: 'notes:read', auth_time: nowS() });
    const res = await call(api.url, 'DELETE', '/notes', { token: reader });
    expect(res.status).toBe(403);
    expect(res.headers.get('www-authenticate')).toContain('error="insufficient_scope"');
  });
});
