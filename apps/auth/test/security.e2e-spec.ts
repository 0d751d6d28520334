/**
 * Security behaviour with Better Auth itself out of test mode: it reads NODE_ENV once when its
 * modules load, so the variable is set before anything imports it (dynamic imports below).
 */
import type { AuthServer } from '../../../test/support/auth-server.js';
import { bearer, get, postFrom, postJson, type Answer } from './http.js';

process.env.NODE_ENV = 'development';
const { startAuthServer } = await import('../../../test/support/auth-server.js');

const retryAfter = (res: Answer) => Number(res.headers.get('retry-after'));

describe('with rate limits on (NODE_ENV=development)', () => {
  let auth: AuthServer;
  beforeAll(async () => {
    auth = await startAuthServer({ NODE_ENV: 'development' });
  });
  afterAll(async () => {
    await auth?.close();
  });

  it('limits sign-in attempts per client address with 429 and a standard Retry-After', async () => {
    const from = '127.0.0.2';
    const answers: Answer[] = [];
    for (let i = 0; i < 21; i++) {
      answers.push(
        await postFrom(from, auth.url, '/api/auth/sign-in/email', {
          email: `ip-${i}@example.com`,
          password: 'wrong password',
        }),
      );
    }
    expect(answers.slice(0, 20).map((a) => a.status)).toEqual(Array(20).fill(401));
    const limited = answers[20];
    expect(limited.status).toBe(429);
    expect(retryAfter(limited)).toBeGreaterThan(0);
    expect(retryAfter(limited)).toBeLessThanOrEqual(60);
    expect(limited.body).toHaveProperty('message');

    // Forged forwarding headers do not make a new client.
    const forged = await postFrom(
      from,
      auth.url,
      '/api/auth/sign-in/email',
      { email: 'ip-x@example.com', password: 'wrong password' },
      { 'x-forwarded-for': '203.0.113.9', 'x-kit-client-ip': '203.0.113.10' },
    );
    expect(forged.status).toBe(429);
    // Another client is not affected.
    const other = await postFrom('127.0.0.3', auth.url, '/api/auth/sign-in/email', {
      email: 'ip-x@example.com',
      password: 'wrong password',
    });
    expect(other.status).toBe(401);
  });

  it('stops password guessing from one address without locking the owner out elsewhere', async () => {
    const { user, password } = await auth.signUp();
    const attacker = '127.0.1.1';
    const guess = () =>
      postFrom(attacker, auth.url, '/api/auth/sign-in/email', {
        email: user.email,
        password: 'wrong password',
      });
    const statuses: number[] = [];
    for (let i = 0; i < 10; i++) statuses.push((await guess()).status);
    expect(statuses).toEqual(Array(10).fill(401));

    // The owner, from an address that has not failed, still gets in while the attacker is at it.
    const owner = await postFrom('127.0.1.2', auth.url, '/api/auth/sign-in/email', {
      email: user.email,
      password,
    });
    expect(owner.status).toBe(200);
    expect(owner.headers.get('set-auth-token')).toBeTruthy();

    // Brute force from the attacker's address ends in a 429, even with the right password.
    const limited = await guess();
    expect(limited.status).toBe(429);
    expect(retryAfter(limited)).toBeGreaterThan(0);
    expect(limited.body).toMatchObject({ code: 'TOO_MANY_ATTEMPTS' });
    const lucky = await postFrom(attacker, auth.url, '/api/auth/sign-in/email', {
      email: user.email,
      password,
    });
    expect(lucky.status).toBe(429);
  });

  it('limits password-reset requests per account and address, alike for known and unknown addresses, without blocking the owner', async () => {
    const known = await auth.signUp();
    const run = async (email: string, from: string) => {
      const out: number[] = [];
      for (let i = 0; i < 4; i++) {
        const res = await postFrom(from, auth.url, '/api/auth/request-password-reset', { email });
        out.push(res.status);
      }
      return out;
    };
    expect(await run(known.user.email, '127.0.2.1')).toEqual([200, 200, 200, 429]);
    expect(await run('nobody-at-all@example.com', '127.0.3.1')).toEqual([200, 200, 200, 429]);

    // The owner, from another address, still gets a reset link.
    const owner = await postFrom('127.0.2.2', auth.url, '/api/auth/request-password-reset', {
      email: known.user.email,
    });
    expect(owner.status).toBe(200);
    await auth.waitForMail(known.user.email, 'reset-password', 4);
  });

  it('refuses cookie-authenticated POSTs without an Origin or from an untrusted one', async () => {
    const { cookie } = await auth.signUp();
    const body = JSON.stringify({ name: 'Changed' });
    const send = (headers: Record<string, string>) =>
      fetch(`${auth.url}/api/auth/update-user`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', cookie, ...headers },
        body,
      });
    expect((await send({})).status).toBe(403);
    expect((await send({ origin: 'https://evil.example' })).status).toBe(403);
    expect((await send({ origin: auth.url })).status).toBe(200);
  });

  it('gives CORS headers to trusted origins only', async () => {
    const preflight = (origin: string) =>
      fetch(`${auth.url}/api/auth/get-session`, {
        method: 'OPTIONS',
        headers: { origin, 'access-control-request-method': 'GET' },
      });
    expect((await preflight(auth.url)).headers.get('access-control-allow-origin')).toBe(auth.url);
    expect(
      (await preflight('https://evil.example')).headers.get('access-control-allow-origin'),
    ).toBeNull();
  });

  it('keeps tokens and private keys out of the JWKS and the session out of error bodies', async () => {
    const { sessionToken } = await auth.signUp();
    await auth.token(sessionToken);
    const jwks = await get<{ keys: Record<string, unknown>[] }>(auth.url, '/api/auth/jwks');
    expect(jwks.body.keys.every((k) => !('d' in k))).toBe(true);
    const refused = await get(auth.url, '/api/auth/token', bearer(`${sessionToken}x`));
    expect(refused.status).toBe(401);
    expect(refused.text).not.toContain(sessionToken.split('.')[0]);
  });
});

describe('behind a trusted reverse proxy (AUTH_TRUSTED_PROXIES)', () => {
  let auth: AuthServer;
  beforeAll(async () => {
    auth = await startAuthServer({ NODE_ENV: 'development', AUTH_TRUSTED_PROXIES: '127.0.0.0/8' });
  });
  afterAll(async () => {
    await auth?.close();
  });

  it('limits each forwarded client separately, by the hop the proxy appended', async () => {
    const signIn = (forwardedFor: string) =>
      postFrom(
        '127.0.0.20',
        auth.url,
        '/api/auth/sign-in/email',
        { email: `proxy-${forwardedFor.length}@example.com`, password: 'wrong password' },
        { 'x-forwarded-for': forwardedFor },
      );
    const statuses: number[] = [];
    // The client forges a different left part each time; the proxy's hop stays the same.
    for (let i = 0; i < 21; i++) statuses.push((await signIn(`10.9.9.${i}, 203.0.113.50`)).status);
    expect(statuses).toEqual([...Array(20).fill(401), 429]);
    expect((await signIn('203.0.113.51')).status).toBe(401);
  });
});

describe('in production', () => {
  let auth: AuthServer;
  beforeAll(async () => {
    auth = await startAuthServer({
      NODE_ENV: 'production',
      BETTER_AUTH_SECRET: 'kQ9v2Lr7Zp4Xw8Ym3Tn6Bc1Hd5Fg0Js2Ua7Ve4Wx9',
      AUTH_RATE_LIMIT: 'off',
      // a local trial: the test server's URL is loopback, and its mail goes to files
      ALLOW_LOOPBACK_URLS: 'true',
      MAIL_TRANSPORT: 'file',
    });
  });
  afterAll(async () => {
    await auth?.close();
  });

  it('sets Secure, HttpOnly, SameSite session cookies', async () => {
    const res = await postJson(auth.url, '/api/auth/sign-up/email', {
      email: 'prod@example.com',
      password: 'a production password',
      name: 'Prod',
    });
    expect(res.status).toBe(200);
    const cookies = res.headers.getSetCookie();
    const session = cookies.find((c) => c.includes('session_token'));
    expect(session).toMatch(/^__Secure-/);
    expect(session).toMatch(/;\s*Secure/i);
    expect(session).toMatch(/;\s*HttpOnly/i);
    expect(session).toMatch(/;\s*SameSite=Lax/i);
  });

  it('does not serve the OpenAPI reference', async () => {
    expect((await get(auth.url, '/api/auth/reference')).status).toBe(404);
  });
});
