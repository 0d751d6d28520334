import { createLocalJWKSet, jwtVerify } from 'jose';
import { PrismaService } from '#database';
import { startAuthServer, type AuthServer } from '../../../test/support/auth-server.js';
import { bearer, get, postJson } from './http.js';

let auth: AuthServer;
beforeAll(async () => {
  auth = await startAuthServer({
    NODE_ENV: 'development',
    AUTH_RATE_LIMIT: 'off',
    REQUIRE_EMAIL_VERIFICATION: 'true',
  });
});
afterAll(async () => {
  await auth?.close();
});

const signUp = (email: string, password = 'a fine password') =>
  postJson(auth.url, '/api/auth/sign-up/email', { email, password, name: 'V' });

it('gives no session before the address is verified, then verifies through the mailed link', async () => {
  const email = 'verify-me@example.com';
  const up = await signUp(email);
  expect(up.status).toBe(200);
  expect(up.headers.get('set-auth-token')).toBeNull();

  const early = await postJson(auth.url, '/api/auth/sign-in/email', {
    email,
    password: 'a fine password',
  });
  expect(early.status).toBe(403);
  expect(early.body).toMatchObject({ code: 'EMAIL_NOT_VERIFIED' });

  const mail = await auth.waitForMail(email, 'verify-email');
  const verified = await fetch(mail.url, { redirect: 'manual' });
  expect(verified.status).toBeLessThan(400);
  const user = await auth.app.get(PrismaService).user.findUniqueOrThrow({ where: { email } });
  expect(user.emailVerified).toBe(true);

  const signIn = await postJson(auth.url, '/api/auth/sign-in/email', {
    email,
    password: 'a fine password',
  });
  expect(signIn.status).toBe(200);
  const token = await auth.token(signIn.headers.get('set-auth-token')!);
  const jwks = await get<{ keys: [] }>(auth.url, '/api/auth/jwks');
  const { payload } = await jwtVerify(token, createLocalJWKSet(jwks.body));
  expect(payload.email_verified).toBe(true);
});

it('answers a sign-up for a taken address like a new one (no enumeration)', async () => {
  const fresh = await signUp('first-time@example.com');
  const taken = await signUp('first-time@example.com', 'another password');
  expect(taken.status).toBe(fresh.status);
  expect(Object.keys(taken.body).sort()).toEqual(Object.keys(fresh.body).sort());
  expect(taken.headers.get('set-auth-token')).toBeNull();
  expect(
    await auth.app.get(PrismaService).user.count({ where: { email: 'first-time@example.com' } }),
  ).toBe(1);
});

it('refuses a forged verification token', async () => {
  const res = await get(auth.url, '/api/auth/verify-email?token=forged', bearer('nope'));
  expect(res.status).toBeGreaterThanOrEqual(400);
  expect(res.status).toBeLessThan(500);
});
