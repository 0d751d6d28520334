/**
 * Two-factor sign-in over REST, as a bearer client without cookies (a CLI or a native app) does
 * it, sending `Origin: AUTH_URL` as README's REST walk-through does: enrol with the password, sign in with the password, send
 * the pending state back with the code, get a session whose tokens say `amr: ["pwd", "otp"]`.
 */
import { decodeJwt } from 'jose';
import { startAuthServer, type AuthServer } from '../../../test/support/auth-server.js';
import {
  authorizationUrl,
  pkcePair,
  redirectTarget,
  registerPublicClient,
} from '../../../test/support/oauth-client.js';
import { totpCode } from '../../../test/support/totp.js';
import {
  TWO_FACTOR_LOCKOUT_S,
  TWO_FACTOR_MAX_FAILURES,
  TWO_FACTOR_TOKEN_REQUEST,
  TWO_FACTOR_TOKEN_RESPONSE,
} from '../src/auth/two-factor.plugin.js';
import { bearer, get, type Answer } from './http.js';

let auth: AuthServer;
beforeAll(async () => {
  // Not NODE_ENV=test: Better Auth's origin (CSRF) check stays on, as in production.
  auth = await startAuthServer({ NODE_ENV: 'development', AUTH_RATE_LIMIT: 'false' });
});
afterAll(() => auth?.close());

/** A POST as a cookie-less client sends it: JSON and the documented `Origin`, no cookies. */
async function post(path: string, body: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(auth.url + path, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: auth.url, ...headers },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: JSON.parse(text), text } as Answer;
}

const claimsOf = async (sessionToken: string) => decodeJwt(await auth.token(sessionToken));

/** A signed-up user with TOTP enrolled and verified; `sessionToken` is the session after that. */
async function enrolled() {
  const user = await auth.signUp();
  const enabled = await post(
    '/api/auth/two-factor/enable',
    { password: user.password },
    bearer(user.sessionToken),
  );
  expect(enabled.status).toBe(200);
  const { totpURI, backupCodes } = enabled.body as { totpURI: string; backupCodes: string[] };
  const verified = await post(
    '/api/auth/two-factor/verify-totp',
    { code: await totpCode(totpURI) },
    bearer(user.sessionToken),
  );
  expect(verified.status).toBe(200);
  // enrolling replaces the session: the answer carries the new one
  const sessionToken = verified.headers.get('set-auth-token') ?? user.sessionToken;
  return { ...user, sessionToken, totpURI, backupCodes };
}

/** Password sign-in of an enrolled user: the pending two-factor state, no session yet. */
async function signInPending(email: string, password: string) {
  const res = await post('/api/auth/sign-in/email', { email, password });
  expect(res.status).toBe(200);
  expect(res.body).toMatchObject({ twoFactorRedirect: true, twoFactorMethods: ['totp'] });
  expect(res.headers.get('set-auth-token')).toBeNull();
  const pending = res.headers.get(TWO_FACTOR_TOKEN_RESPONSE);
  expect(pending).toBeTruthy();
  return pending!;
}

describe('two-factor for bearer clients', () => {
  it('a password sign-in’s JWT says pwd, its session id and when it signed in', async () => {
    const user = await auth.signUp();
    const session = await get<{ session: { id: string; createdAt: string } }>(
      auth.url,
      '/api/auth/get-session',
      bearer(user.sessionToken),
    );
    const claims = await claimsOf(user.sessionToken);
    expect(claims.amr).toEqual(['pwd']);
    expect(claims.sid).toBe(session.body.session.id);
    expect(claims.auth_time).toBe(
      Math.floor(new Date(session.body.session.createdAt).getTime() / 1000),
    );
  });

  it('enabling needs the password', async () => {
    const user = await auth.signUp();
    const none = await post('/api/auth/two-factor/enable', {}, bearer(user.sessionToken));
    expect(none.status).toBe(400);
    const wrong = await post(
      '/api/auth/two-factor/enable',
      { password: 'not the password' },
      bearer(user.sessionToken),
    );
    expect(wrong.status).toBe(400);
    expect(wrong.body).toMatchObject({ code: 'INVALID_PASSWORD' });
  });

  it('enrolment keeps the session’s own sign-in methods (the code proved no new sign-in)', async () => {
    const user = await enrolled();
    expect((await claimsOf(user.sessionToken)).amr).toEqual(['pwd']);
  });

  it('password, then the TOTP code with the pending token: a session with amr pwd + otp', async () => {
    const user = await enrolled();
    const pending = await signInPending(user.user.email, user.password);
    const done = await post(
      '/api/auth/two-factor/verify-totp',
      { code: await totpCode(user.totpURI) },
      { [TWO_FACTOR_TOKEN_REQUEST]: pending },
    );
    expect(done.status).toBe(200);
    const sessionToken = done.headers.get('set-auth-token')!;
    expect(sessionToken).toBeTruthy();
    const claims = await claimsOf(sessionToken);
    expect(claims.amr).toEqual(['pwd', 'otp']);
    expect(claims.sub).toBe(user.user.id);
    // the pending state is single-use
    const again = await post(
      '/api/auth/two-factor/verify-totp',
      { code: await totpCode(user.totpURI) },
      { [TWO_FACTOR_TOKEN_REQUEST]: pending },
    );
    expect(again.status).toBe(401);
  });

  it('a pending token that is missing, altered or unsigned gets a 401, never a session', async () => {
    const user = await enrolled();
    const pending = await signInPending(user.user.email, user.password);
    const code = await totpCode(user.totpURI);
    const [value] = pending.split('.');
    for (const forged of [
      undefined,
      `${value}.AAAA`,
      value,
      `${value}x.${pending.split('.')[1]}`,
    ]) {
      const res = await post(
        '/api/auth/two-factor/verify-totp',
        { code },
        forged === undefined ? {} : { [TWO_FACTOR_TOKEN_REQUEST]: forged },
      );
      expect(res.status).toBe(401);
      expect(res.headers.get('set-auth-token')).toBeNull();
    }
  });

  it('a backup code signs in once', async () => {
    const user = await enrolled();
    expect(user.backupCodes).toHaveLength(10);
    const first = await post(
      '/api/auth/two-factor/verify-backup-code',
      { code: user.backupCodes[0] },
      { [TWO_FACTOR_TOKEN_REQUEST]: await signInPending(user.user.email, user.password) },
    );
    expect(first.status).toBe(200);
    expect((await claimsOf(first.headers.get('set-auth-token')!)).amr).toEqual(['pwd', 'otp']);
    const reused = await post(
      '/api/auth/two-factor/verify-backup-code',
      { code: user.backupCodes[0] },
      { [TWO_FACTOR_TOKEN_REQUEST]: await signInPending(user.user.email, user.password) },
    );
    expect(reused.status).toBe(401);
  });

  it('wrong codes lock the second factor: 429 with Retry-After, even for the right code', async () => {
    const user = await enrolled();
    let failures = 0;
    let pending = await signInPending(user.user.email, user.password);
    let last: Answer | undefined;
    while (failures < TWO_FACTOR_MAX_FAILURES) {
      last = await post(
        '/api/auth/two-factor/verify-totp',
        { code: '000000' === (await totpCode(user.totpURI)) ? '111111' : '000000' },
        { [TWO_FACTOR_TOKEN_REQUEST]: pending },
      );
      if (last.status === 401) failures += 1;
      // a challenge takes 5 codes, then wants a new sign-in
      else if (last.status === 400) pending = await signInPending(user.user.email, user.password);
      else throw new Error(`unexpected ${last.status}: ${last.text}`);
    }
    pending = await signInPending(user.user.email, user.password);
    const locked = await post(
      '/api/auth/two-factor/verify-totp',
      { code: await totpCode(user.totpURI) },
      { [TWO_FACTOR_TOKEN_REQUEST]: pending },
    );
    expect(locked.status).toBe(429);
    expect(locked.headers.get('retry-after')).toBe(String(TWO_FACTOR_LOCKOUT_S));
    expect(locked.body).toMatchObject({ code: 'ACCOUNT_TEMPORARILY_LOCKED' });
    expect(locked.headers.get('set-auth-token')).toBeNull();
  });

  it('an OAuth authorization waiting on the sign-in continues after the code', async () => {
    const user = await enrolled();
    const client = await registerPublicClient(auth.url, 'http://127.0.0.1:45123/callback', {
      client_name: 'two-factor test',
    });
    const authorize = authorizationUrl(client, pkcePair().challenge, 'openid notes:read');
    const signInPage = await redirectTarget(
      await fetch(authorize, { redirect: 'manual' }),
      auth.url,
    );
    expect(signInPage.pathname).toBe('/sign-in');
    const oauthQuery = signInPage.search.slice(1);
    const pending = await post('/api/auth/sign-in/email', {
      email: user.user.email,
      password: user.password,
      oauth_query: oauthQuery,
    });
    expect(pending.body).toMatchObject({ twoFactorRedirect: true });
    const done = await post(
      '/api/auth/two-factor/verify-totp',
      { code: await totpCode(user.totpURI), oauth_query: oauthQuery },
      { [TWO_FACTOR_TOKEN_REQUEST]: pending.headers.get(TWO_FACTOR_TOKEN_RESPONSE)! },
    );
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({ redirect: true });
    expect(new URL(done.body.url as string, auth.url).pathname).toBe('/consent');
  });

  it('acr_values asking for multi-factor sends a password-only session to sign in again', async () => {
    const user = await enrolled(); // its session signed in with the password alone
    const client = await registerPublicClient(auth.url, 'http://127.0.0.1:45123/callback', {
      client_name: 'step-up test',
    });
    const { challenge } = pkcePair();
    const authorizeUrl = (extra: Record<string, string> = {}) =>
      authorizationUrl(client, challenge, 'openid notes:read', extra);
    const landing = async (sessionToken: string, extra?: Record<string, string>) =>
      (
        await redirectTarget(
          // as a browser sends it: the session cookie (its value is the signed session token)
          await fetch(authorizeUrl(extra), {
            redirect: 'manual',
            headers: { cookie: `better-auth.session_token=${encodeURIComponent(sessionToken)}` },
          }),
          auth.url,
        )
      ).pathname;
    const mfa = { acr_values: 'urn:nest-kit:acr:mfa' };

    expect(await landing(user.sessionToken)).toBe('/consent'); // signed in: no new sign-in
    expect(await landing(user.sessionToken, mfa)).toBe('/sign-in'); // pwd alone is not enough
    expect(await landing(user.sessionToken, { acr_values: 'urn:nest-kit:acr:sfa' })).toBe(
      '/consent',
    );

    const pending = await signInPending(user.user.email, user.password);
    const done = await post(
      '/api/auth/two-factor/verify-totp',
      { code: await totpCode(user.totpURI) },
      { [TWO_FACTOR_TOKEN_REQUEST]: pending },
    );
    const strong = done.headers.get('set-auth-token')!;
    expect(await landing(strong, mfa)).toBe('/consent'); // pwd + otp meets it
  });

  it('answers bad input to the new endpoints with a 4xx JSON body, never a 5xx', async () => {
    const user = await enrolled();
    const pending = {
      [TWO_FACTOR_TOKEN_REQUEST]: await signInPending(user.user.email, user.password),
    };
    const probes: [string, unknown, Record<string, string>][] = [
      ['/api/auth/two-factor/verify-totp', {}, pending],
      ['/api/auth/two-factor/verify-totp', { code: 123456 }, pending],
      ['/api/auth/two-factor/verify-totp', { code: '1'.repeat(5000) }, pending],
      ['/api/auth/two-factor/verify-totp', { code: '12\u00003456' }, pending],
      ['/api/auth/two-factor/verify-backup-code', { code: ['x'] }, pending],
      [
        '/api/auth/two-factor/verify-totp',
        { code: '123456' },
        { [TWO_FACTOR_TOKEN_REQUEST]: '%%%' },
      ],
      ['/api/auth/two-factor/enable', { password: 42 }, bearer(user.sessionToken)],
      ['/api/auth/passkey/verify-authentication', { response: 'x' }, {}],
      ['/api/auth/passkey/verify-authentication', { response: { id: 5 } }, {}],
      ['/api/auth/passkey/verify-registration', { response: {} }, bearer(user.sessionToken)],
    ];
    const wrong: unknown[] = [];
    for (const [path, body, headers] of probes) {
      const res = await post(path, body, headers);
      const json = res.body as { message?: unknown } | undefined;
      const clean = typeof json?.message === 'string' && !/at \w+ \(|node_modules/.test(res.text);
      if (res.status < 400 || res.status >= 500 || !clean)
        wrong.push({ path, body, res: res.text });
    }
    expect(wrong).toEqual([]);
  });

  it('disabling needs the password; then a password alone signs in again', async () => {
    const user = await enrolled();
    const wrong = await post(
      '/api/auth/two-factor/disable',
      { password: 'not the password' },
      bearer(user.sessionToken),
    );
    expect(wrong.status).toBe(400);
    const done = await post(
      '/api/auth/two-factor/disable',
      { password: user.password },
      bearer(user.sessionToken),
    );
    expect(done.status).toBe(200);
    const signIn = await post('/api/auth/sign-in/email', {
      email: user.user.email,
      password: user.password,
    });
    expect(signIn.status).toBe(200);
    expect(signIn.headers.get('set-auth-token')).toBeTruthy();
    expect(signIn.headers.get(TWO_FACTOR_TOKEN_RESPONSE)).toBeNull();
  });
});
