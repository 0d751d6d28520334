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

/** Waits (up to 5 s) for a mail of `kind` to `to`; mail goes out in the background. */
async function waitForKind(to: string, kind: string) {
  for (const deadline = Date.now() + 5000; Date.now() < deadline;) {
    const found = (await auth.mails(to)).find((m) => String(m.kind) === kind);
    if (found) return found;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`no ${kind} mail to ${to} within 5 s`);
}

it('answers a sign-up for a taken address like a new one, and tells the owner instead', async () => {
  const email = 'first-time@example.com';
  const fresh = await signUp(email);
  await auth.waitForMail(email, 'verify-email');
  const taken = await signUp(email, 'another password');
  expect(taken.status).toBe(fresh.status);
  expect(Object.keys(taken.body).sort()).toEqual(Object.keys(fresh.body).sort());
  expect(taken.headers.get('set-auth-token')).toBeNull();
  expect(await auth.app.get(PrismaService).user.count({ where: { email } })).toBe(1);

  const notice = await waitForKind(email, 'existing-account');
  expect(notice.subject).toMatch(/tried to sign up/i);
  expect(notice.text).toMatch(/forgot/i);
  // Nothing in it is usable by whoever triggered it: no link, no token.
  expect(notice.text).not.toMatch(/https?:/);
  expect(notice.token).toBeUndefined();
  // Anyone can trigger it for someone else's address: one notice per hour, however many tries.
  // The mail starts before the answer, which the sign-up floor holds back for 400 ms.
  expect((await signUp(email, 'a third password')).status).toBe(fresh.status);
  const kinds = (await auth.mails(email)).map((m) => String(m.kind)).sort();
  expect(kinds).toEqual(['existing-account', 'verify-email']);
});

it('does not sign in the browser that opens a verification link', async () => {
  const email = 'no-login-csrf@example.com';
  expect((await signUp(email)).status).toBe(200);
  const mail = await auth.waitForMail(email, 'verify-email');
  const opened = await fetch(mail.url, { redirect: 'manual' });
  expect(opened.status).toBeLessThan(400);
  expect(opened.headers.get('set-auth-token')).toBeNull();
  const cookies = opened.headers.getSetCookie();
  expect(cookies.filter((c) => /session_token=[^;]/.test(c))).toEqual([]);
  const session = await get(auth.url, '/api/auth/get-session', {
    cookie: cookies.map((c) => c.split(';')[0]).join('; '),
  });
  expect(session.body).toBeNull();
  const user = await auth.app.get(PrismaService).user.findUniqueOrThrow({ where: { email } });
  expect(user.emailVerified).toBe(true);
  expect(await auth.app.get(PrismaService).session.count({ where: { userId: user.id } })).toBe(0);
});

it('refuses a forged verification token', async () => {
  const res = await get(auth.url, '/api/auth/verify-email?token=forged', bearer('nope'));
  expect(res.status).toBeGreaterThanOrEqual(400);
  expect(res.status).toBeLessThan(500);
});
