/**
 * Session hygiene, with sessions in the database only and with Redis as secondary storage: a
 * password change ends the other sessions, `/list-sessions` hands out no session tokens, and only
 * signed session tokens are accepted as bearer credentials.
 */
import { PrismaService } from '#database';
import { startAuthServer, type AuthServer } from '../../../test/support/auth-server.js';
import { dropVariantKeys, storageVariants } from '../../../test/support/redis.js';
import { bearer, get, postJson } from './http.js';

const variants = await storageVariants('sessions');

describe.each(variants)('sessions, $name', (variant) => {
  const { env, run } = variant;
  const maybe = run ? it : it.skip;
  let auth: AuthServer;

  beforeAll(async () => {
    if (!run) return;
    auth = await startAuthServer({ NODE_ENV: 'development', AUTH_RATE_LIMIT: 'false', ...env });
  });
  afterAll(async () => {
    await auth?.close();
    await dropVariantKeys(variant);
  });

  /** A user with two sessions: `first` (from sign-up) and `second` (a later sign-in). */
  const twoSessions = async () => {
    const first = await auth.signUp();
    const signIn = await postJson(auth.url, '/api/auth/sign-in/email', {
      email: first.user.email,
      password: first.password,
    });
    return { ...first, second: signIn.headers.get('set-auth-token')! };
  };
  const tokenStatus = async (sessionToken: string) =>
    (await get(auth.url, '/api/auth/token', bearer(sessionToken))).status;
  const sessionOf = async (sessionToken: string) =>
    (await get(auth.url, '/api/auth/get-session', bearer(sessionToken))).body;

  it.each([
    ['without revokeOtherSessions', {}],
    ['with revokeOtherSessions: false', { revokeOtherSessions: false }],
  ])('a password change %s ends every other session; the caller’s stays', async (_, extra) => {
    if (!run) return;
    const { sessionToken, second, password } = await twoSessions();
    expect(await tokenStatus(second)).toBe(200);
    const changed = await postJson(
      auth.url,
      '/api/auth/change-password',
      { currentPassword: password, newPassword: 'a fresh password 42', ...extra },
      bearer(second),
    );
    expect(changed.status).toBe(200);
    expect(await tokenStatus(second)).toBe(200);
    expect(await tokenStatus(sessionToken)).toBe(401);
    expect(await sessionOf(sessionToken)).toBeNull();
  });

  maybe('a wrong current password changes nothing and ends no session', async () => {
    const { sessionToken, second } = await twoSessions();
    const refused = await postJson(
      auth.url,
      '/api/auth/change-password',
      { currentPassword: 'not the password', newPassword: 'a fresh password 42' },
      bearer(second),
    );
    expect(refused.status).toBe(400);
    expect(await tokenStatus(sessionToken)).toBe(200);
  });

  maybe('lists sessions without any session token', async () => {
    const { sessionToken, second } = await twoSessions();
    const list = await get<Record<string, unknown>[]>(
      auth.url,
      '/api/auth/list-sessions',
      bearer(second),
    );
    expect(list.status).toBe(200);
    expect(list.body).toHaveLength(2);
    for (const session of list.body) {
      expect(session).not.toHaveProperty('token');
      expect(session).toHaveProperty('id');
    }
    for (const token of [sessionToken, second]) {
      expect(list.text).not.toContain(token.split('.')[0]);
    }
  });

  maybe('revokes one listed session by its id, and only the caller’s own', async () => {
    const { sessionToken, second } = await twoSessions();
    const other = await auth.signUp();
    const idOf = async (token: string) => {
      const me = await get<{ session: { id: string } }>(
        auth.url,
        '/api/auth/get-session',
        bearer(token),
      );
      return me.body.session.id;
    };
    const revoke = (id: string) =>
      postJson(auth.url, '/api/auth/revoke-session-by-id', { id }, bearer(second));

    expect((await revoke(await idOf(other.sessionToken))).status).toBe(200);
    expect(await tokenStatus(other.sessionToken)).toBe(200); // someone else's: untouched
    const list = await get<{ id: string }[]>(auth.url, '/api/auth/list-sessions', bearer(second));
    const firstId = await idOf(sessionToken);
    expect(list.body.map((s) => s.id)).toContain(firstId);
    expect((await revoke(firstId)).status).toBe(200);
    expect(await tokenStatus(sessionToken)).toBe(401);
    expect(await tokenStatus(second)).toBe(200);
    expect((await revoke('')).status).toBe(400);
  });

  maybe('refuses a raw (unsigned) session token as a bearer credential', async () => {
    const { user, sessionToken } = await auth.signUp();
    const rows = await auth.app
      .get(PrismaService)
      .session.findMany({ where: { userId: user.id }, select: { token: true } });
    expect(rows).toHaveLength(1);
    const raw = rows[0].token;
    expect(sessionToken.split('.')[0]).toBe(raw);
    expect(await tokenStatus(raw)).toBe(401);
    expect(await sessionOf(raw)).toBeNull();
    expect(await tokenStatus(sessionToken)).toBe(200);
  });

  maybe('“revoke other sessions” ends them all; the caller’s stays', async () => {
    const { sessionToken, second, user, password } = await twoSessions();
    const third = (
      await postJson(auth.url, '/api/auth/sign-in/email', { email: user.email, password })
    ).headers.get('set-auth-token')!;
    const res = await postJson(auth.url, '/api/auth/revoke-other-sessions', {}, bearer(second));
    expect(res.status).toBe(200);
    expect([await tokenStatus(sessionToken), await tokenStatus(third)]).toEqual([401, 401]);
    expect(await tokenStatus(second)).toBe(200);
  });
});
