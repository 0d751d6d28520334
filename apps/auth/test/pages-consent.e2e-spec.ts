import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, Page } from 'playwright-core';
import { startAuthServer, type AuthServer } from '../../../test/support/auth-server.js';
import { approveInBrowser } from '../../../test/support/browser.js';
import {
  authorizationUrl,
  exchangeCode,
  pkcePair,
  registerPublicClient,
  type PublicClient,
} from '../../../test/support/oauth-client.js';
import {
  isFocused,
  launchChromium,
  newContext,
  screenshots,
  seriousAxeViolations,
  VIEWPORTS,
} from './pages-browser.js';

/** The OAuth client's redirect target: a real loopback server that just says "done". */
async function startCallback(): Promise<{ server: Server; url: string }> {
  const server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/plain' }).end('done');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/callback` };
}

let auth: AuthServer;
let browser: Browser;
let callback: { server: Server; url: string };
let client: PublicClient;
const SCOPE = 'openid profile email offline_access notes:read';

beforeAll(async () => {
  [auth, browser, callback] = await Promise.all([
    startAuthServer({ NODE_ENV: 'development', AUTH_RATE_LIMIT: 'false' }),
    launchChromium(),
    startCallback(),
  ]);
  // A public client as an MCP client registers itself (RFC 7591).
  client = await registerPublicClient(auth.url, callback.url, {
    client_name: 'Notes Desktop',
    grant_types: ['authorization_code', 'refresh_token'],
    response_types: ['code'],
    scope: SCOPE,
  });
});
afterAll(async () => {
  await browser?.close();
  await auth?.close();
  await new Promise((resolve) => callback?.server.close(resolve));
});

function authorizeUrl(challenge: string, state: string, extra: Record<string, string> = {}) {
  return authorizationUrl(client, challenge, SCOPE, { state, ...extra }).href;
}

async function keyboardSignIn(page: Page, email: string, password: string) {
  await page.keyboard.press('Tab');
  expect(await isFocused(page, 'Email')).toBe(true);
  await page.keyboard.type(email);
  await page.keyboard.press('Tab');
  await page.keyboard.type(password);
  await page.keyboard.press('Enter');
}

async function pressButton(page: Page, name: string) {
  const button = page.getByRole('button', { name, exact: true });
  for (let i = 0; i < 10; i++) {
    if (
      await button.evaluate(
        (b) =>
          b ===
          (globalThis as unknown as { document: { activeElement: unknown } }).document
            .activeElement,
      )
    )
      break;
    await page.keyboard.press('Tab');
  }
  await page.keyboard.press('Enter');
}

it('authorize → sign-in → consent → Allow returns a code that buys tokens (PKCE S256)', async () => {
  const user = await auth.signUp();
  const { verifier, challenge } = pkcePair();
  const { page, context, violations } = await fresh();
  await page.goto(authorizeUrl(challenge, 'state-allow'));
  await page.waitForURL((u) => u.pathname === '/sign-in' && u.searchParams.has('sig'));
  expect(await page.locator('main').textContent()).toContain('continue to the application');
  await keyboardSignIn(page, user.user.email, user.password);

  await page.waitForURL((u) => u.pathname === '/consent');
  expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(
    'Allow Notes Desktop to use your account?',
  );
  const scopes = await page.getByRole('list').getByRole('listitem').allTextContents();
  expect(scopes).toEqual([
    'Confirm who you are',
    'See your name',
    'See your email address',
    'Keep access while you are away, without asking you again',
    'Read your notes',
  ]);
  expect(await page.locator('main').textContent()).toContain(new URL(callback.url).host);
  expect(await seriousAxeViolations(page)).toEqual([]);
  await shootConsent(page);

  await pressButton(page, 'Allow');
  await page.waitForURL((u) => u.href.startsWith(callback.url));
  const answer = new URL(page.url());
  expect(answer.searchParams.get('state')).toBe('state-allow');
  expect(answer.searchParams.get('error')).toBeNull();
  const code = answer.searchParams.get('code');
  expect(code).toBeTruthy();

  const token = await exchangeCode(client, code!, verifier);
  const tokens = token.body as { access_token?: string; refresh_token?: string };
  expect(token.status).toBe(200);
  expect(tokens.access_token).toBeTruthy();
  expect(tokens.refresh_token).toBeTruthy();
  expect(violations).toEqual([]);
  await context.close();
});

it('authorize → sign-up (link keeps the request) → consent → Deny returns access_denied', async () => {
  const { challenge } = pkcePair();
  const { page, context, violations } = await fresh(VIEWPORTS.phone);
  await page.goto(authorizeUrl(challenge, 'state-deny'));
  await page.waitForURL((u) => u.pathname === '/sign-in');
  await page.getByRole('link', { name: 'Create an account' }).click();
  await page.waitForURL((u) => u.pathname === '/sign-up' && u.searchParams.has('sig'));
  await page.getByLabel('Name').fill('Dee Nye');
  await page.getByLabel('Email').fill(`deny-${randomBytes(4).toString('hex')}@example.com`);
  await page.getByLabel('Password').fill('a fine password');
  await page.getByRole('button', { name: 'Create account' }).press('Enter');

  await page.waitForURL((u) => u.pathname === '/consent');
  await pressButton(page, 'Deny');
  await page.waitForURL((u) => u.href.startsWith(callback.url));
  const answer = new URL(page.url());
  expect(answer.searchParams.get('error')).toBe('access_denied');
  expect(answer.searchParams.get('state')).toBe('state-deny');
  expect(answer.searchParams.get('code')).toBeNull();
  expect(violations).toEqual([]);
  await context.close();
});

it('remembers consent: a second authorization skips the page, prompt=consent asks again', async () => {
  const user = await auth.signUp();
  const login = { email: user.user.email, password: user.password };
  const context = await browser.newContext(); // one browser profile, so one session
  const url = (state: string, extra?: Record<string, string>) =>
    new URL(authorizeUrl(pkcePair().challenge, state, extra));

  const first = await approveInBrowser(browser, url('s1'), login, { context });
  expect(first.consentPage?.pathname).toBe('/consent');
  expect(first.code).toBeTruthy();

  const second = await approveInBrowser(browser, url('s2'), login, { context });
  expect(second.consentPage).toBeUndefined();
  expect(second.code).toBeTruthy();
  expect(second.redirect.searchParams.get('state')).toBe('s2');

  const asked = await approveInBrowser(browser, url('s3', { prompt: 'consent' }), login, {
    context,
    accept: false,
  });
  expect(asked.consentPage?.pathname).toBe('/consent');
  expect(asked.error).toBe('access_denied');
  await context.close();
});

it('says so when the signed request was tampered with or has expired, and signs no one in', async () => {
  const user = await auth.signUp();
  const { page, context } = await fresh();
  await page.goto(authorizeUrl(pkcePair().challenge, 'state-tampered'));
  await page.waitForURL((u) => u.pathname === '/sign-in' && u.searchParams.has('sig'));
  const tampered = new URL(page.url());
  tampered.searchParams.set('scope', 'openid notes:read notes:write');
  await page.goto(tampered.href);
  await page.getByLabel('Email').fill(user.user.email);
  await page.getByLabel('Password').fill(user.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  const alert = page.getByRole('alert').filter({ hasText: /./ });
  await alert.waitFor();
  expect(await alert.textContent()).toBe(
    'This sign-in request has expired. Go back to the application and start again.',
  );
  expect(new URL(page.url()).pathname).toBe('/sign-in');
  expect((await context.cookies()).map((c) => c.name)).not.toContainEqual(
    expect.stringContaining('session_token'),
  );
  await context.close();
});

it('shows no Allow button for a consent page without a signed request', async () => {
  const user = await auth.signUp();
  const { page, context } = await fresh();
  await page.goto(`${auth.url}/sign-in`);
  await keyboardSignIn(page, user.user.email, user.password);
  await page.waitForURL(`${auth.url}/account`);
  await page.goto(
    `${auth.url}/consent?client_id=${client.clientId}&redirect_uri=${encodeURIComponent('https://evil.example/')}`,
  );
  expect(await page.getByRole('button', { name: 'Allow' }).count()).toBe(0);
  expect(await page.getByRole('alert').textContent()).toContain('only reached from an application');
  await context.close();
});

async function fresh(viewport?: { width: number; height: number }) {
  return newContext(browser, viewport);
}

/** Screenshots of the consent page as it stands (its URL is signed and single-purpose). */
async function shootConsent(page: Page) {
  const url = page.url();
  const cookies = (await page.context().cookies()).map((c) => `${c.name}=${c.value}`).join('; ');
  await screenshots(browser, url, 'consent', cookies);
}
