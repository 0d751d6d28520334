/**
 * The admin API (`/api/auth/admin/*`) and what a session's next token says after an administrative
 * change, with sessions in the database only and with Redis as secondary storage (where each
 * session carries a cached copy of its user).
 */
import { decodeJwt } from 'jose';
import { PrismaService } from '#database';
import { startAuthServer, type AuthServer } from '../../../test/support/auth-server.js';
import { dropVariantKeys, storageVariants } from '../../../test/support/redis.js';
import type { Auth } from '../src/auth/auth.factory.js';
import { BETTER_AUTH } from '../src/auth/auth.tokens.js';
import { bearer, get, postJson } from './http.js';

const variants = await storageVariants('admin-api');

describe.each(variants)('admin API, $name', (variant) => {
  const { env, run } = variant;
  const maybe = run ? it : it.skip;
  let auth: AuthServer;
  let admin: string;

  beforeAll(async () => {
    if (!run) return;
    auth = await startAuthServer({ NODE_ENV: 'development', AUTH_RATE_LIMIT: 'false', ...env });
    const first = await auth.signUp();
    // The first admin, as `npm run admin -- set-role` makes it.
    await auth.app
      .get<Auth>(BETTER_AUTH)
      .api.operatorSetRole({ body: { email: first.user.email, role: 'admin' } });
    admin = first.sessionToken;
  });
  afterAll(async () => {
    await auth?.close();
    await dropVariantKeys(variant);
  });

  const asAdmin = (path: string, body: unknown) =>
    postJson(auth.url, `/api/auth/admin/${path}`, body, bearer(admin));
  const claims = async (sessionToken: string) => decodeJwt(await auth.token(sessionToken));
  const tokenStatus = async (sessionToken: string) =>
    (await get(auth.url, '/api/auth/token', bearer(sessionToken))).status;
  const prisma = () => auth.app.get(PrismaService);

  maybe('changes a role; the next token of the user’s live session carries it', async () => {
    const { user, sessionToken } = await auth.signUp();
    expect((await claims(sessionToken)).role).toBe('user');
    const set = await asAdmin('set-role', { userId: user.id, role: 'admin' });
    expect(set.status).toBe(200);
    expect((await claims(sessionToken)).role).toBe('admin');
    expect((await asAdmin('set-role', { userId: user.id, role: 'user' })).status).toBe(200);
    expect((await claims(sessionToken)).role).toBe('user');
  });

  maybe('knows only the roles user and admin, and only admins may use it', async () => {
    const { user, sessionToken } = await auth.signUp();
    const unknown = await asAdmin('set-role', { userId: user.id, role: 'owner' });
    expect(unknown.status).toBe(400);
    for (const [path, body] of [
      ['set-role', { userId: user.id, role: 'admin' }],
      ['ban-user', { userId: user.id }],
      ['revoke-user-sessions', { userId: user.id }],
    ] as const) {
      const res = await postJson(auth.url, `/api/auth/admin/${path}`, body, bearer(sessionToken));
      expect({ path, status: res.status }).toEqual({ path, status: 403 });
    }
    expect((await get(auth.url, '/api/auth/admin/list-users', bearer(sessionToken))).status).toBe(
      403,
    );
    expect((await claims(sessionToken)).role).toBe('user');
  });

  maybe('lists users with their role and ban', async () => {
    const { user } = await auth.signUp();
    await asAdmin('ban-user', { userId: user.id, banReason: 'testing', banExpiresIn: 3600 });
    const listed = await get<{ users: Record<string, unknown>[]; total: number }>(
      auth.url,
      `/api/auth/admin/list-users?searchField=email&searchValue=${encodeURIComponent(user.email)}`,
      bearer(admin),
    );
    expect(listed.status).toBe(200);
    expect(listed.body.users).toHaveLength(1);
    const [entry] = listed.body.users;
    expect(entry).toMatchObject({
      email: user.email,
      role: 'user',
      banned: true,
      banReason: 'testing',
    });
    const expires = new Date(entry.banExpires as string).getTime();
    expect(expires).toBeGreaterThan(Date.now() + 3500_000);
    expect(expires).toBeLessThan(Date.now() + 3700_000);
  });

  maybe('bans: the sessions stop minting, sign-in is refused, unban restores it', async () => {
    const { user, sessionToken, password } = await auth.signUp();
    expect(await tokenStatus(sessionToken)).toBe(200);
    expect((await asAdmin('ban-user', { userId: user.id, banReason: 'abuse' })).status).toBe(200);
    expect(await tokenStatus(sessionToken)).toBe(401);
    const signIn = () =>
      postJson(auth.url, '/api/auth/sign-in/email', { email: user.email, password });
    const refused = await signIn();
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({ code: 'BANNED_USER' });
    expect((await asAdmin('unban-user', { userId: user.id })).status).toBe(200);
    const back = await signIn();
    expect(back.status).toBe(200);
    expect(await tokenStatus(back.headers.get('set-auth-token')!)).toBe(200);
  });

  maybe('revokes a user’s sessions and removes a user: their sessions stop minting', async () => {
    const one = await auth.signUp();
    expect((await asAdmin('revoke-user-sessions', { userId: one.user.id })).status).toBe(200);
    expect(await tokenStatus(one.sessionToken)).toBe(401);
    const two = await auth.signUp();
    expect((await asAdmin('remove-user', { userId: two.user.id })).status).toBe(200);
    expect(await tokenStatus(two.sessionToken)).toBe(401);
  });

  maybe('does not let an admin impersonate anyone', async () => {
    const { user } = await auth.signUp();
    const res = await asAdmin('impersonate-user', { userId: user.id });
    expect(res.status).toBe(403);
  });

  // Unsupported, but a token must never outlive the row: the claims come from a fresh user read,
  // not from the session's copy of the user (which Redis keeps until Better Auth rewrites it).
  maybe(
    'mints from the user row as it is now, even after edits behind Better Auth’s back',
    async () => {
      const { user, sessionToken } = await auth.signUp();
      await prisma().user.update({ where: { id: user.id }, data: { role: 'admin' } });
      expect((await claims(sessionToken)).role).toBe('admin');
      await prisma().user.update({ where: { id: user.id }, data: { banned: true } });
      expect(await tokenStatus(sessionToken)).toBe(401);
      await prisma().user.update({
        where: { id: user.id },
        data: { banExpires: new Date(Date.now() - 1000) },
      });
      expect(await tokenStatus(sessionToken)).toBe(200); // an expired ban no longer holds
      await prisma().user.delete({ where: { id: user.id } });
      expect(await tokenStatus(sessionToken)).toBe(401);
      const after = await get<{ user?: unknown } | null>(
        auth.url,
        '/api/auth/get-session',
        bearer(sessionToken),
      );
      expect(after.body?.user).toBeUndefined();
    },
  );
});
