import { createHash, randomBytes } from 'node:crypto';
import type { Browser } from 'playwright-core';
import { startAuthServer, type AuthServer } from '../../../test/support/auth-server.js';
import {
  startLoginProviderStandIn,
  type LoginProviderStandIn,
} from '../../../test/support/stand-ins/index.js';
import { launchChromium, newContext, seriousAxeViolations } from './pages-browser.js';

let auth: AuthServer;
let plain: AuthServer;
let browser: Browser;
let github: LoginProviderStandIn;
let oidc: LoginProviderStandIn;
let clientId: string;
const CLIENT_CALLBACK = 'http://127.0.0.1:9/callback'; // answered inside the browser
const SCOPE = 'openid profile email';

beforeAll(async () => {
  [github, oidc, browser] = await Promise.all([
    startLoginProviderStandIn({ protocol: 'github', envAs: 'github' }),
    startLoginProviderStandIn({ protocol: 'oidc', envAs: 'oidc', alg: 'ES256', name: 'Acme SSO' }),
    launchChromium(),
  ]);
  [auth, plain] = await Promise.all([
    startAuthServer({
      NODE_ENV: 'development',
      AUTH_RATE_LIMIT: 'false',
      ...github.env,
      ...oidc.env,
    }),
    startAuthServer({ NODE_ENV: 'development', AUTH_RATE_LIMIT: 'false' }),
  ]);
  const res = await fetch(`${auth.url}/api/auth/oauth2/register`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      client_name: 'Notes Desktop',
      redirect_uris: [CLIENT_CALLBACK],
      token_endpoint_auth_method: 'none',
      grant_types: ['authorization_code'],
      response_types: ['code'],
      scope: SCOPE,
    }),
  });
  clientId = ((await res.json()) as { client_id: string }).client_id;
});
afterAll(async () => {
  await browser?.close();
  await Promise.all([auth?.close(), plain?.close(), github?.close(), oidc?.close()]);
});

const person = () => {
  const id = randomBytes(5).toString('hex');
  return { sub: `s-${id}`, email: `sso-${id}@example.com`, emailVerified: true, name: 'Sam Sso' };
};

it('shows a button per configured provider on /sign-in and /sign-up, labelled by OIDC_LOGIN_NAME', async () => {
  const { page, context, violations } = await newContext(browser);
  for (const path of ['/sign-in', '/sign-up']) {
    await page.goto(`${auth.url}${path}`);
    const names = await page
      .getByRole('region', { name: 'Or continue with' })
      .getByRole('button')
      .allTextContents();
    expect(names.map((n) => n.trim())).toEqual(['Continue with GitHub', 'Continue with Acme SSO']);
  }
  expect(await seriousAxeViolations(page)).toEqual([]);
  await page.goto(`${plain.url}/sign-in`);
  expect(await page.getByRole('button', { name: /Continue with/ }).count()).toBe(0);
  expect(violations).toEqual([]);
  await context.close();
});

it('"Continue with Acme SSO" signs a person in and lands on the carried redirect', async () => {
  oidc.user = person();
  const { page, context, violations } = await newContext(browser);
  await page.goto(`${auth.url}/sign-in?redirect=%2Faccount`);
  await page.getByRole('button', { name: 'Continue with Acme SSO' }).click();
  await page.waitForURL((u) => u.origin === auth.url && u.pathname === '/account');
  expect(await page.locator('main').textContent()).toContain(oidc.user.email);
  expect(violations).toEqual([]);
  await context.close();
});

it('a refused link comes back to /sign-in with a fixed explanation', async () => {
  const local = await auth.signUp();
  github.user = { ...person(), email: local.user.email, emailVerified: false };
  const { page, context } = await newContext(browser);
  await page.goto(`${auth.url}/sign-in`);
  await page.getByRole('button', { name: 'Continue with GitHub' }).click();
  await page.waitForURL(
    (u) => u.origin === auth.url && u.searchParams.get('error') === 'account_not_linked',
  );
  expect(await page.getByRole('alert').first().textContent()).toContain('already exists');
  await context.close();
});

it('a pending OAuth authorization continues to consent after a social sign-in', async () => {
  github.user = person();
  const verifier = randomBytes(32).toString('base64url');
  const params = new URLSearchParams({
    response_type: 'code',
    client_id: clientId,
    redirect_uri: CLIENT_CALLBACK,
    scope: SCOPE,
    state: 'social-state',
    code_challenge: createHash('sha256').update(verifier).digest('base64url'),
    code_challenge_method: 'S256',
  });
  const { page, context, violations } = await newContext(browser);
  await context.route(
    (u) => u.href.startsWith(CLIENT_CALLBACK),
    (route) => route.fulfill({ status: 200, contentType: 'text/plain', body: 'done' }),
  );
  await page.goto(`${auth.url}/api/auth/oauth2/authorize?${params.toString()}`);
  await page.waitForURL((u) => u.pathname === '/sign-in' && u.searchParams.has('sig'));
  await page.getByRole('button', { name: 'Continue with GitHub' }).click();
  await page.waitForURL((u) => u.origin === auth.url && u.pathname === '/consent');
  await page.getByRole('button', { name: 'Allow', exact: true }).click();
  await page.waitForURL((u) => u.href.startsWith(CLIENT_CALLBACK));
  const answer = new URL(page.url());
  expect(answer.searchParams.get('state')).toBe('social-state');
  const token = await fetch(`${auth.url}/api/auth/oauth2/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      code: answer.searchParams.get('code')!,
      redirect_uri: CLIENT_CALLBACK,
      client_id: clientId,
      code_verifier: verifier,
    }),
  });
  expect(token.status).toBe(200);
  expect(violations).toEqual([]);
  await context.close();
});
