import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser } from 'playwright-core';
import { decodeJwt } from 'jose';
import { startAuthServer, type AuthServer } from '../../../test/support/auth-server.js';
import { approveInBrowser, launchChromium } from '../../../test/support/browser.js';
import {
  authorizationUrl,
  exchangeCode,
  pkcePair,
  registerPublicClient,
  type PublicClient,
} from '../../../test/support/oauth-client.js';

/**
 * Step-up at the authorization endpoint (RFC 9470 §4, OpenID Connect `prompt` / `max_age`): a client
 * told `insufficient_user_authentication` authorizes again with `max_age` (or `prompt=login`), and a
 * user whose session is older is sent to /sign-in although signed in, then back into the flow; the
 * new tokens carry the new sign-in's `auth_time`.
 */
const SCOPE = 'openid email notes:read';
const MCP_RESOURCE = 'http://localhost:3002/mcp';

let auth: AuthServer;
let browser: Browser;
let client: PublicClient;
// The client's redirect target: a real loopback server (a redirect straight from the authorization
// endpoint, with a session, is not caught by the browser's request routing).
let callback: Server;
let CALLBACK: string;

beforeAll(async () => {
  callback = createServer((_req, res) =>
    res.writeHead(200, { 'content-type': 'text/plain' }).end('done'),
  );
  await new Promise<void>((resolve) => callback.listen(0, '127.0.0.1', resolve));
  CALLBACK = `http://127.0.0.1:${(callback.address() as AddressInfo).port}/callback`;
  [auth, browser] = await Promise.all([
    startAuthServer({ NODE_ENV: 'development', AUTH_RATE_LIMIT: 'false' }),
    launchChromium(),
  ]);
  client = await registerPublicClient(auth.url, CALLBACK, {
    client_name: 'Step-up client',
    grant_types: ['authorization_code'],
    response_types: ['code'],
    application_type: 'native',
    scope: SCOPE,
  });
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await auth?.close();
  await new Promise((resolve) => callback?.close(resolve));
});

function authorizeUrl(challenge: string, state: string, extra: Record<string, string> = {}) {
  // a JWT access token, as the MCP server gets
  return authorizationUrl(client, challenge, SCOPE, { state, resource: MCP_RESOURCE, ...extra });
}

/** One authorization in the browser profile `context`, then the code for tokens. */
async function authorize(
  context: Awaited<ReturnType<Browser['newContext']>>,
  login: { email: string; password: string },
  state: string,
  extra?: Record<string, string>,
) {
  const { verifier, challenge } = pkcePair();
  const outcome = await approveInBrowser(browser, authorizeUrl(challenge, state, extra), login, {
    context,
  });
  expect(outcome.error).toBeUndefined();
  expect(outcome.redirect.searchParams.get('state')).toBe(state);
  const { status, body } = await exchangeCode(client, outcome.code!, verifier);
  const tokens = body as { id_token?: string; access_token?: string };
  expect(status).toBe(200);
  const authTime = decodeJwt(tokens.id_token!).auth_time as number;
  // The resource server's view: the access token says the same sign-in (RFC 9470 §3).
  const access = decodeJwt(tokens.access_token!);
  expect(access.aud).toContain(MCP_RESOURCE);
  expect(access.auth_time).toBe(authTime);
  expect(access.amr).toEqual(['pwd']);
  return { signedIn: outcome.signInPage !== undefined, authTime, cookie: outcome.cookie };
}

/** Session creation times are in ms; `auth_time` in s: wait past the second, so they differ. */
const nextSecond = () => new Promise((resolve) => setTimeout(resolve, 1100 - (Date.now() % 1000)));

it('shows the sign-in form for prompt=login or a max_age the session is older than, and prompt=login finishes with a new auth_time', async () => {
  const user = await auth.signUp();
  const login = { email: user.user.email, password: user.password };
  const context = await browser.newContext(); // one browser profile: one session
  try {
    const first = await authorize(context, login, 'first');
    expect(first.signedIn).toBe(true);

    const reused = await authorize(context, login, 'reused');
    expect(reused.signedIn).toBe(false);
    expect(reused.authTime).toBe(first.authTime);

    const withinMaxAge = await authorize(context, login, 'within', { max_age: '3600' });
    expect(withinMaxAge.signedIn).toBe(false);

    // max_age=0: a session of any age is too old. The form is shown although signed in. (Finishing
    // this one in the browser is left out: under jest's VM modules the session's Date comes from
    // another realm, the plugin's `instanceof Date` freshness check fails and it asks again.)
    const page = await context.newPage();
    await page.goto(authorizeUrl('x'.repeat(43), 'max-age-0', { max_age: '0' }).href);
    await page.waitForURL(
      (u) => u.pathname === '/sign-in' && u.searchParams.get('max_age') === '0',
    );
    expect(await page.getByRole('button', { name: 'Sign in', exact: true }).isVisible()).toBe(true);
    await page.close();

    await nextSecond();
    const forced = await authorize(context, login, 'login', { prompt: 'login' });
    expect(forced.signedIn).toBe(true);
    expect(forced.authTime).toBeGreaterThan(first.authTime);
    expect(forced.cookie).not.toBe(first.cookie);

    // The new sign-in counts from now on: no sign-in again without a reason.
    const after = await authorize(context, login, 'after', { max_age: '3600' });
    expect(after.signedIn).toBe(false);
    expect(after.authTime).toBe(forced.authTime);
  } finally {
    await context.close();
  }
}, 60_000);
