import { createHmac } from 'node:crypto';
import { createLocalJWKSet, createRemoteJWKSet, decodeProtectedHeader, jwtVerify } from 'jose';
import { PrismaService } from '#database';
import { startAuthServer, type AuthServer } from '../../../test/support/auth-server.js';
import { bearer, get, postJson } from './http.js';
import { hashVerificationIdentifier } from '../src/auth/verification-tokens.js';

// NODE_ENV=development: the kit's non-test behaviour (Better Auth's origin check is on regardless).
let auth: AuthServer;
beforeAll(async () => {
  auth = await startAuthServer({ NODE_ENV: 'development', AUTH_RATE_LIMIT: 'off' });
});
afterAll(async () => {
  await auth?.close();
});

const AUDIENCE = ['http://localhost:3000', 'http://localhost:3002'];

describe('sign-up and sign-in', () => {
  it('signs a user up with role "user", ignoring a role sent by the client', async () => {
    const { user } = await auth.signUp({ name: 'Regular' });
    expect(user.role).toBe('user');
    const res = await postJson(auth.url, '/api/auth/sign-up/email', {
      email: 'mallory@example.com',
      password: 'a long enough password',
      name: 'Mallory',
      role: 'admin',
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ user: { role: 'user' } });
    const stored = await auth.app
      .get(PrismaService)
      .user.findUnique({ where: { email: 'mallory@example.com' } });
    expect(stored?.role).toBe('user');
  });

  it('signs in with the right password and refuses a wrong one without telling which part was wrong', async () => {
    const { user, password } = await auth.signUp();
    const ok = await postJson(auth.url, '/api/auth/sign-in/email', { email: user.email, password });
    expect(ok.status).toBe(200);
    expect(ok.headers.get('set-auth-token')).toBeTruthy();

    const wrong = await postJson(auth.url, '/api/auth/sign-in/email', {
      email: user.email,
      password: 'not the password',
    });
    const unknown = await postJson(auth.url, '/api/auth/sign-in/email', {
      email: 'nobody-here@example.com',
      password: 'not the password',
    });
    expect(wrong.status).toBe(401);
    expect(wrong.headers.get('set-auth-token')).toBeNull();
    expect(unknown.status).toBe(wrong.status);
    expect(unknown.body).toEqual(wrong.body);
  });
});

describe('sessions', () => {
  it('gets, lists and revokes sessions; a revoked session can no longer get a token', async () => {
    const first = await auth.signUp();
    const second = await postJson(auth.url, '/api/auth/sign-in/email', {
      email: first.user.email,
      password: first.password,
    });
    const secondToken = second.headers.get('set-auth-token')!;

    const session = await get<{ user: { id: string } }>(
      auth.url,
      '/api/auth/get-session',
      bearer(first.sessionToken),
    );
    expect(session.status).toBe(200);
    expect(session.body.user.id).toBe(first.user.id);
    expect(session.headers.get('set-auth-jwt')).toMatch(/^ey/);

    const list = await get<{ token: string }[]>(
      auth.url,
      '/api/auth/list-sessions',
      bearer(first.sessionToken),
    );
    expect(list.status).toBe(200);
    expect(list.body).toHaveLength(2);

    const revoked = await postJson(
      auth.url,
      '/api/auth/revoke-session',
      { token: secondToken.split('.')[0] },
      bearer(first.sessionToken),
    );
    expect(revoked.status).toBe(200);
    const refused = await get(auth.url, '/api/auth/token', bearer(secondToken));
    expect(refused.status).toBe(401);
    expect(await auth.token(first.sessionToken)).toMatch(/^ey/);

    const all = await postJson(
      auth.url,
      '/api/auth/revoke-sessions',
      {},
      bearer(first.sessionToken),
    );
    expect(all.status).toBe(200);
    expect((await get(auth.url, '/api/auth/token', bearer(first.sessionToken))).status).toBe(401);
  });

  it('signs out with the session cookie', async () => {
    const { cookie, sessionToken } = await auth.signUp();
    const out = await postJson(auth.url, '/api/auth/sign-out', {}, { cookie });
    expect(out.status).toBe(200);
    expect((await get(auth.url, '/api/auth/token', bearer(sessionToken))).status).toBe(401);
  });

  it('refuses a token request without a session', async () => {
    const res = await get(auth.url, '/api/auth/token');
    expect(res.status).toBe(401);
    const forged = await get(auth.url, '/api/auth/token', bearer('forged.c2lnbmF0dXJl'));
    expect(forged.status).toBe(401);
  });
});

describe('passwords', () => {
  it('changes the password only with the current one', async () => {
    const { user, password, sessionToken } = await auth.signUp();
    const wrong = await postJson(
      auth.url,
      '/api/auth/change-password',
      { currentPassword: 'not it at all', newPassword: 'the new password 1' },
      bearer(sessionToken),
    );
    expect(wrong.status).toBe(400);
    const ok = await postJson(
      auth.url,
      '/api/auth/change-password',
      { currentPassword: password, newPassword: 'the new password 1' },
      bearer(sessionToken),
    );
    expect(ok.status).toBe(200);
    const old = await postJson(auth.url, '/api/auth/sign-in/email', {
      email: user.email,
      password,
    });
    expect(old.status).toBe(401);
    const fresh = await postJson(auth.url, '/api/auth/sign-in/email', {
      email: user.email,
      password: 'the new password 1',
    });
    expect(fresh.status).toBe(200);
  });

  it('resets a password with the mailed token, once, and revokes existing sessions', async () => {
    const { user, sessionToken } = await auth.signUp();
    const asked = await postJson(auth.url, '/api/auth/request-password-reset', {
      email: user.email,
    });
    expect(asked.status).toBe(200);
    const mail = await auth.waitForMail(user.email, 'reset-password');
    expect(mail).toMatchObject({ kind: 'reset-password', to: user.email });
    expect(mail.url).toContain(`/api/auth/reset-password/${mail.token}`);

    const reset = await postJson(auth.url, '/api/auth/reset-password', {
      token: mail.token,
      newPassword: 'a brand new password',
    });
    expect(reset.status).toBe(200);
    const signIn = await postJson(auth.url, '/api/auth/sign-in/email', {
      email: user.email,
      password: 'a brand new password',
    });
    expect(signIn.status).toBe(200);
    expect((await get(auth.url, '/api/auth/token', bearer(sessionToken))).status).toBe(401);

    const reused = await postJson(auth.url, '/api/auth/reset-password', {
      token: mail.token,
      newPassword: 'yet another password',
    });
    expect(reused.status).toBe(400);
    expect(reused.body).toMatchObject({ code: 'INVALID_TOKEN' });
  });

  it('refuses an expired reset token', async () => {
    const { user } = await auth.signUp();
    await postJson(auth.url, '/api/auth/request-password-reset', { email: user.email });
    const mail = await auth.waitForMail(user.email, 'reset-password');
    await auth.app.get(PrismaService).verification.updateMany({
      where: { identifier: hashVerificationIdentifier(`reset-password:${mail.token}`) },
      data: { expiresAt: new Date(Date.now() - 1000) },
    });
    const res = await postJson(auth.url, '/api/auth/reset-password', {
      token: mail.token,
      newPassword: 'a brand new password',
    });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ code: 'INVALID_TOKEN' });
  });

  it('answers a reset request for an unknown address exactly like a known one, and mails nobody', async () => {
    const { user } = await auth.signUp();
    const known = await postJson(auth.url, '/api/auth/request-password-reset', {
      email: user.email,
    });
    const unknown = await postJson(auth.url, '/api/auth/request-password-reset', {
      email: 'ghost@example.com',
    });
    expect(unknown.status).toBe(known.status);
    expect(unknown.body).toEqual(known.body);
    await auth.waitForMail(user.email, 'reset-password');
    expect(await auth.mails('ghost@example.com')).toEqual([]);
  });
});

describe('JWTs and keys', () => {
  it('issues a short EdDSA JWT with exactly the documented claims, verifiable against both JWKS URLs', async () => {
    const { user, sessionToken } = await auth.signUp({ name: 'Ada' });
    const token = await auth.token(sessionToken);
    const header = decodeProtectedHeader(token);
    expect(header.alg).toBe('EdDSA');
    expect(header.kid).toBeTruthy();

    for (const path of ['/api/auth/jwks', '/.well-known/jwks.json']) {
      const { payload } = await jwtVerify(token, createRemoteJWKSet(new URL(auth.url + path)), {
        issuer: auth.url,
        audience: AUDIENCE[0],
        algorithms: ['EdDSA'],
      });
      expect(Object.keys(payload).sort()).toEqual(
        [
          'aud',
          'email',
          'email_verified',
          'exp',
          'iat',
          'iss',
          'name',
          'role',
          'scope',
          'sub',
          'sid',
          'amr',
          'auth_time',
        ].sort(),
      );
      expect(payload).toMatchObject({ amr: ['pwd'], sid: expect.any(String) });
      expect(payload.auth_time).toBeLessThanOrEqual(payload.iat!);
      expect(payload).toMatchObject({
        sub: user.id,
        iss: auth.url,
        aud: AUDIENCE,
        email: user.email,
        email_verified: false,
        name: 'Ada',
        role: 'user',
        scope: 'notes:read notes:write',
      });
      expect(payload.exp! - payload.iat!).toBe(900);
    }
  });

  it('puts an admin role in new tokens', async () => {
    const { user, sessionToken } = await auth.signUp();
    await auth.setRole(user.id, 'admin');
    const token = await auth.token(sessionToken);
    const jwks = await get<{ keys: [] }>(auth.url, '/api/auth/jwks');
    const { payload } = await jwtVerify(token, createLocalJWKSet(jwks.body));
    expect(payload.role).toBe('admin');
  });

  it('publishes the same keys at both JWKS URLs, cacheable for less than the grace period', async () => {
    const a = await get<{ keys: { kid: string; kty: string; d?: string }[] }>(
      auth.url,
      '/api/auth/jwks',
    );
    const b = await get<{ keys: { kid: string }[] }>(auth.url, '/.well-known/jwks.json');
    expect(a.status).toBe(200);
    expect(b.status).toBe(200);
    expect(b.body).toEqual(a.body);
    expect(a.body.keys.length).toBeGreaterThan(0);
    expect(a.body.keys.every((k) => k.kty === 'OKP' && k.d === undefined)).toBe(true);
    for (const res of [a, b]) {
      const match = /^public, max-age=(\d+)$/.exec(res.headers.get('cache-control') ?? '');
      expect(match).not.toBeNull();
      expect(Number(match![1])).toBeGreaterThan(0);
      expect(Number(match![1])).toBeLessThan(24 * 3600);
    }
  });

  it('serves an OpenID discovery document naming the issuer and the JWKS', async () => {
    const res = await get<Record<string, unknown>>(auth.url, '/.well-known/openid-configuration');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      issuer: auth.url,
      jwks_uri: `${auth.url}/api/auth/jwks`,
      id_token_signing_alg_values_supported: ['EdDSA'],
    });
    const jwks = await get(auth.url, new URL(res.body.jwks_uri as string).pathname);
    expect(jwks.status).toBe(200);
  });
});

describe('health and reference', () => {
  it('reports live and ready without a session', async () => {
    expect((await get(auth.url, '/health/live')).body).toEqual({ status: 'ok' });
    const ready = await get(auth.url, '/health/ready');
    expect(ready.status).toBe(200);
    expect(ready.body).toEqual({ status: 'ok', checks: { database: 'up' } });
  });

  it('serves Better Auth’s OpenAPI reference outside production', async () => {
    const res = await get(auth.url, '/api/auth/reference');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/html');
  });
});

describe('without a database', () => {
  it('answers 503 on readiness and on routes that need it, 200 on liveness', async () => {
    const secret = 'kQ9v2Lr7Zp4Xw8Ym3Tn6Bc1Hd5Fg0Js2Ua7Ve4Wx9';
    const down = await startAuthServer({
      DATABASE_URL: 'postgresql://postgres@127.0.0.1:1/none?connect_timeout=1',
      BETTER_AUTH_SECRET: secret,
    });
    try {
      expect((await get(down.url, '/health/live')).status).toBe(200);
      const ready = await get(down.url, '/health/ready');
      expect(ready.status).toBe(503);
      expect(ready.body).toMatchObject({ checks: { database: 'down' } });
      const signIn = await postJson(down.url, '/api/auth/sign-in/email', {
        email: 'a@example.com',
        password: 'some password',
      });
      expect(signIn.status).toBe(503);
      expect(signIn.body).toMatchObject({ code: 'DATABASE_UNAVAILABLE' });
      expect(Number(signIn.headers.get('retry-after'))).toBeGreaterThan(0);
      const jwks = await get(down.url, '/.well-known/jwks.json');
      expect(jwks.status).toBe(503);
      // A validly signed session cookie does not send public routes to the (absent) session store.
      const signature = createHmac('sha256', secret).update('some-session').digest('base64');
      const cookie = {
        cookie: `better-auth.session_token=${encodeURIComponent(`some-session.${signature}`)}`,
      };
      expect((await get(down.url, '/api/auth/get-session', cookie)).status).toBe(503);
      // Routes behind Better Auth's session middleware swallow the failed lookup as "no session":
      // they must still answer 503, not a 401 telling the client to drop a valid session.
      for (const path of ['/api/auth/token', '/api/auth/list-sessions']) {
        const res = await get(down.url, path, cookie);
        expect({ path, status: res.status, body: res.body }).toMatchObject({
          path,
          status: 503,
          body: { code: 'DATABASE_UNAVAILABLE' },
        });
        expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
        expect(res.headers.getSetCookie()).toEqual([]);
      }
      // Without a session nothing reaches the database: that 401 is genuine.
      expect((await get(down.url, '/api/auth/token')).status).toBe(401);
      expect((await get(down.url, '/health/live', cookie)).status).toBe(200);
      expect((await get(down.url, '/health/ready', cookie)).status).toBe(503);
    } finally {
      await down.close();
    }
  });
});
