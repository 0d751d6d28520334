import { randomBytes } from 'node:crypto';
import { PrismaService } from '#database';
import { startAuthServer, type AuthServer } from '../../../test/support/auth-server.js';
import {
  startLoginProviderStandIn,
  type LoginProviderStandIn,
  type StandInUser,
} from '../../../test/support/stand-ins/index.js';

/** Cookies a browser would keep for the auth server, by name. */
class CookieJar {
  private readonly cookies = new Map<string, string>();
  take(res: Response): void {
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const at = pair.indexOf('=');
      const value = pair.slice(at + 1);
      if (value) this.cookies.set(pair.slice(0, at), value);
      else this.cookies.delete(pair.slice(0, at));
    }
  }
  get header(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }
}

let auth: AuthServer;
let github: LoginProviderStandIn;
let google: LoginProviderStandIn;
let oidc: LoginProviderStandIn;

beforeAll(async () => {
  [github, google, oidc] = await Promise.all([
    startLoginProviderStandIn({ protocol: 'github', envAs: 'github' }),
    startLoginProviderStandIn({ protocol: 'oidc', envAs: 'google', alg: 'RS256' }),
    startLoginProviderStandIn({ protocol: 'oidc', envAs: 'oidc', alg: 'ES256', name: 'Acme SSO' }),
  ]);
  auth = await startAuthServer({
    NODE_ENV: 'development',
    AUTH_RATE_LIMIT: 'false',
    ...github.env,
    ...google.env,
    ...oidc.env,
  });
});
afterAll(async () => {
  await auth?.close();
  await Promise.all([github?.close(), google?.close(), oidc?.close()]);
});
afterEach(() => {
  for (const p of [github, google, oidc]) p.setIdTokenFault('none');
});

const person = (overrides: Partial<StandInUser> = {}): StandInUser => {
  const id = randomBytes(5).toString('hex');
  return {
    sub: `${Date.now()}${id}`,
    email: `p-${id}@example.com`,
    emailVerified: true,
    name: 'Pat',
    ...overrides,
  };
};

interface Outcome {
  /** Where the auth server's callback sent the browser. */
  location: string;
  jar: CookieJar;
  /** The session afterwards (null when none). */
  session: { user: { id: string; email: string; emailVerified: boolean } } | null;
}

/** The redirect flow as a browser runs it: sign-in/social, the provider's authorize, the callback. */
async function signInWith(provider: string, callbackURL = '/account'): Promise<Outcome> {
  const jar = new CookieJar();
  const start = await fetch(`${auth.url}/api/auth/sign-in/social`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: auth.url },
    body: JSON.stringify({
      provider,
      callbackURL,
      errorCallbackURL: '/sign-in',
      disableRedirect: true,
    }),
  });
  expect(start.status).toBe(200);
  jar.take(start);
  const { url } = (await start.json()) as { url: string };
  const approved = await fetch(url, { redirect: 'manual' });
  expect(approved.status).toBe(302);
  const callback = approved.headers.get('location')!;
  expect(callback.startsWith(`${auth.url}/api/auth/callback/${provider}?`)).toBe(true);
  const back = await fetch(callback, { redirect: 'manual', headers: { cookie: jar.header } });
  expect([302, 303]).toContain(back.status);
  jar.take(back);
  const session = await fetch(`${auth.url}/api/auth/get-session`, {
    headers: { cookie: jar.header },
  });
  return {
    location: new URL(back.headers.get('location')!, auth.url).href,
    jar,
    session: (await session.json()) as Outcome['session'],
  };
}

const prisma = () => auth.app.get(PrismaService);

describe('OpenID Connect sign-in (OIDC_LOGIN_*)', () => {
  it('asks for a code with PKCE (S256), state and nonce, and signs a new person in', async () => {
    oidc.user = person();
    const outcome = await signInWith('oidc');
    const request = oidc.authorizeRequests.at(-1)!;
    expect(request).toMatchObject({
      response_type: 'code',
      client_id: oidc.clientId,
      code_challenge_method: 'S256',
      redirect_uri: `${auth.url}/api/auth/callback/oidc`,
    });
    expect(request.code_challenge).toMatch(/^[\w-]{43}$/);
    expect(request.state.length).toBeGreaterThanOrEqual(16);
    expect(request.nonce.length).toBeGreaterThanOrEqual(16);
    expect(request.scope.split(' ')).toEqual(expect.arrayContaining(['openid', 'email']));
    // the code was redeemed with the verifier and the client's secret
    expect(oidc.tokenRequests.at(-1)!.code_verifier).toMatch(/^[\w~.-]{43,128}$/);
    expect(outcome.location).toBe(`${auth.url}/account`);
    expect(outcome.session?.user).toMatchObject({ email: oidc.user.email, emailVerified: true });
    const account = await prisma().account.findFirst({
      where: { providerId: 'oidc', accountId: oidc.user.sub },
    });
    expect(account?.userId).toBe(outcome.session!.user.id);
  });

  it.each([
    ['signed by a key the issuer never published', 'foreign-key'],
    ['issued to another client', 'wrong-audience'],
    ['carrying another nonce', 'wrong-nonce'],
    ['missing from the token answer', 'missing'],
  ] as const)('refuses an id_token %s: no session, no account', async (_label, fault) => {
    oidc.user = person();
    oidc.setIdTokenFault(fault);
    const outcome = await signInWith('oidc');
    expect(outcome.session).toBeNull();
    expect(new URL(outcome.location).pathname).toBe('/sign-in');
    expect(new URL(outcome.location).searchParams.get('error')).toBeTruthy();
    expect(await prisma().user.count({ where: { email: oidc.user.email } })).toBe(0);
  });

  it('refuses a callback whose state this browser did not start', async () => {
    oidc.user = person();
    const start = await fetch(`${auth.url}/api/auth/sign-in/social`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: auth.url },
      body: JSON.stringify({ provider: 'oidc', callbackURL: '/account', disableRedirect: true }),
    });
    const { url } = (await start.json()) as { url: string };
    const approved = await fetch(url, { redirect: 'manual' });
    // a victim's browser (no state cookie) opening an attacker's callback link
    const back = await fetch(approved.headers.get('location')!, { redirect: 'manual' });
    expect(back.headers.getSetCookie().join(';')).not.toMatch(/session_token=[^;]/);
    expect(await prisma().user.count({ where: { email: oidc.user.email } })).toBe(0);
  });
});

describe('GitHub sign-in (GITHUB_*)', () => {
  it('reads the primary verified address from /user/emails and keys the account by GitHub id', async () => {
    github.user = person();
    const outcome = await signInWith('github');
    expect(github.authorizeRequests.at(-1)!.scope).toBe('read:user user:email');
    expect(outcome.session?.user).toMatchObject({ email: github.user.email, emailVerified: true });
    const account = await prisma().account.findFirst({
      where: { providerId: 'github', userId: outcome.session!.user.id },
    });
    expect(account?.accountId).toMatch(/^\d+$/);
  });
});

describe('Google sign-in (GOOGLE_*)', () => {
  it('finds the endpoints through the issuer discovery and verifies the id_token', async () => {
    google.user = person();
    const outcome = await signInWith('google');
    expect(google.authorizeRequests.at(-1)!.nonce).toBeTruthy();
    expect(outcome.session?.user).toMatchObject({ email: google.user.email, emailVerified: true });
  });
});

describe('account linking', () => {
  async function localAccount(verified: boolean) {
    const email = `local-${randomBytes(5).toString('hex')}@example.com`;
    const { user } = await auth.signUp({ email });
    if (verified)
      await prisma().user.update({ where: { id: user.id }, data: { emailVerified: true } });
    return user;
  }

  it('links to an existing account when the provider reports the address verified', async () => {
    const user = await localAccount(true);
    google.user = person({ email: user.email, emailVerified: true });
    const outcome = await signInWith('google');
    expect(outcome.session?.user.id).toBe(user.id);
    expect(await prisma().account.count({ where: { userId: user.id } })).toBe(2);
  });

  it('refuses to link when the provider does not report the address verified', async () => {
    const user = await localAccount(true);
    github.user = person({ email: user.email, emailVerified: false });
    const outcome = await signInWith('github');
    expect(outcome.session).toBeNull();
    expect(new URL(outcome.location).searchParams.get('error')).toBe('account_not_linked');
    expect(await prisma().account.count({ where: { userId: user.id } })).toBe(1);
  });

  it('refuses to link to a local account whose own address was never confirmed (pre-registration takeover)', async () => {
    const user = await localAccount(false);
    oidc.user = person({ email: user.email, emailVerified: true });
    const outcome = await signInWith('oidc');
    expect(outcome.session).toBeNull();
    expect(await prisma().account.count({ where: { userId: user.id } })).toBe(1);
  });

  it('creates an unverified account for a new address the provider did not verify', async () => {
    github.user = person({ emailVerified: false });
    const outcome = await signInWith('github');
    expect(outcome.session?.user).toMatchObject({ email: github.user.email, emailVerified: false });
  });
});

describe('bearer clients', () => {
  it('sign-in/social with an id_token from the provider returns a bearer session token', async () => {
    oidc.user = person();
    const nonce = randomBytes(16).toString('base64url');
    const res = await fetch(`${auth.url}/api/auth/sign-in/social`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        provider: 'oidc',
        idToken: { token: await oidc.idToken({ nonce }), nonce },
      }),
    });
    expect(res.status).toBe(200);
    const sessionToken = res.headers.get('set-auth-token');
    expect(sessionToken).toBeTruthy();
    const session = await fetch(`${auth.url}/api/auth/get-session`, {
      headers: { authorization: `Bearer ${sessionToken}` },
    });
    expect(((await session.json()) as Outcome['session'])?.user.email).toBe(oidc.user.email);
  });

  it('refuses an id_token signed by another key with 401 JSON', async () => {
    oidc.user = person();
    const token = await oidc.idToken({}, { key: await oidc.unpublishedKey() });
    const res = await fetch(`${auth.url}/api/auth/sign-in/social`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ provider: 'oidc', idToken: { token } }),
    });
    expect(res.status).toBe(401);
    expect(res.headers.get('set-auth-token')).toBeNull();
    expect(await res.json()).toMatchObject({ code: expect.any(String) });
  });

  it('refuses a callbackURL outside this server and TRUSTED_ORIGINS (no open redirect)', async () => {
    const res = await fetch(`${auth.url}/api/auth/sign-in/social`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: auth.url },
      body: JSON.stringify({ provider: 'github', callbackURL: 'https://evil.example/steal' }),
    });
    expect(res.status).toBe(403);
    expect(await res.json()).toMatchObject({ code: expect.any(String) });
  });

  it('answers an unknown provider with a 4xx JSON body', async () => {
    const res = await fetch(`${auth.url}/api/auth/sign-in/social`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: auth.url },
      body: JSON.stringify({ provider: 'facebook', callbackURL: '/account' }),
    });
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    expect(await res.json()).toMatchObject({ code: expect.any(String) });
  });
});
