/**
 * Chromium for e2e tests of any app: Debian's /usr/bin/chromium (`CHROMIUM_PATH` overrides it)
 * driven by playwright-core, and a user who answers an OAuth authorization on the auth server's
 * hosted pages, as a person would.
 *
 * @example
 * const browser = await launchChromium();                      // once per test file
 * const outcome = await approveInBrowser(browser, authorizationUrl, { email, password });
 * await provider.finish(outcome.code!);
 * await browser.close();
 */
import { chromium, type Browser, type BrowserContext } from 'playwright-core';
import type { AuthorizationOutcome } from './oauth-client.js';

// Without the background-networking flags Chromium keeps calling home on a closed network.
const LAUNCH_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: LAUNCH_ARGS,
  });
}

export interface BrowserApproveOptions {
  /** Allow (default) or Deny on the consent page. */
  accept?: boolean;
  /** A context to reuse (its cookies keep the session for a second authorization). */
  context?: BrowserContext;
}

/**
 * Opens `authorizationUrl` in Chromium and plays the user on the hosted pages: signs in on
 * `/sign-in` with the "Email" and "Password" fields when asked, presses "Allow" or "Deny" on
 * `/consent` when asked, and returns where the browser lands at the client. The client's
 * `redirect_uri` is answered inside the browser, so no server has to listen there.
 */
export async function approveInBrowser(
  browser: Browser,
  authorizationUrl: URL,
  user: { email: string; password: string },
  options: BrowserApproveOptions = {},
): Promise<AuthorizationOutcome> {
  const redirectUri = authorizationUrl.searchParams.get('redirect_uri');
  if (!redirectUri) throw new Error('the authorization URL has no redirect_uri');
  const atClient = (u: URL) => u.href.startsWith(redirectUri);
  const context = options.context ?? (await browser.newContext());
  context.setDefaultTimeout(10_000);
  await context.route(atClient, (route) =>
    route.fulfill({ status: 200, contentType: 'text/plain', body: 'done' }),
  );
  const page = await context.newPage();
  try {
    const settled = (u: URL) =>
      atClient(u) || u.pathname === '/sign-in' || u.pathname === '/consent';
    await page.goto(authorizationUrl.href);
    await page.waitForURL(settled);
    let signInPage: URL | undefined;
    if (new URL(page.url()).pathname === '/sign-in') {
      signInPage = new URL(page.url());
      await page.getByLabel('Email', { exact: true }).fill(user.email);
      await page.getByLabel('Password', { exact: true }).fill(user.password);
      await page.getByRole('button', { name: 'Sign in', exact: true }).click();
      await page.waitForURL((u) => settled(u) && u.pathname !== '/sign-in');
    }
    let consentPage: URL | undefined;
    if (new URL(page.url()).pathname === '/consent') {
      consentPage = new URL(page.url());
      const answer = (options.accept ?? true) ? 'Allow' : 'Deny';
      await page.getByRole('button', { name: answer, exact: true }).click();
      await page.waitForURL(atClient);
    }
    const redirect = new URL(page.url());
    const cookie = (await context.cookies())
      .filter((c) => new URL(authorizationUrl).hostname === c.domain)
      .map((c) => `${c.name}=${c.value}`)
      .join('; ');
    return {
      redirect,
      code: redirect.searchParams.get('code') ?? undefined,
      error: redirect.searchParams.get('error') ?? undefined,
      cookie,
      consentPage,
      signInPage,
    };
  } finally {
    await page.close();
    await context.unroute(atClient);
    if (!options.context) await context.close();
  }
}
