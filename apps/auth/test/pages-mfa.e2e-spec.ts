/**
 * Two-factor and passkeys on the hosted pages, in Chromium: TOTP set-up on /account (QR code
 * rendered by the server, the key as text), the "Code" page after the password, passkeys
 * registered on /account and used on /sign-in through the DevTools virtual authenticator. Each
 * sign-in's JWT says how it happened (`amr`).
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startAuthServer, type AuthServer } from '../../../test/support/auth-server.js';
import { totpCode } from '../../../test/support/totp.js';
import { launchChromium, newContext, seriousAxeViolations } from './pages-browser.js';

let auth: AuthServer;
let browser: Browser;
beforeAll(async () => {
  // WebAuthn wants a domain name: the server's URL is http://localhost:<port>. Not NODE_ENV=test:
  // Better Auth's origin (CSRF) check stays on, as in production.
  [auth, browser] = await Promise.all([
    startAuthServer(
      { NODE_ENV: 'development', AUTH_RATE_LIMIT: 'false' },
      { hostname: 'localhost' },
    ),
    launchChromium(),
  ]);
});
afterAll(async () => {
  await browser?.close();
  await auth?.close();
});

const contexts: BrowserContext[] = [];
afterEach(async () => {
  await Promise.all(contexts.splice(0).map((c) => c.close()));
});

async function fresh() {
  const opened = await newContext(browser);
  contexts.push(opened.context);
  return opened;
}

/** The `amr` of a JWT minted for the page's session (the browser's own cookie). */
async function amrOf(page: Page): Promise<unknown> {
  const token = await page.evaluate(async () => {
    const res = await fetch('/api/auth/token', { credentials: 'same-origin' });
    return ((await res.json()) as { token: string }).token;
  });
  const payload = JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString()) as {
    amr?: unknown;
  };
  return payload.amr;
}

async function signInWithPassword(page: Page, email: string, password: string) {
  await page.goto(`${auth.url}/sign-in`);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
}

describe('two-factor on the pages', () => {
  it('is set up on /account with a server-rendered QR code, then asked for after the password', async () => {
    const { page, violations } = await fresh();
    const user = await auth.signUp();
    await signInWithPassword(page, user.user.email, user.password);
    await page.waitForURL(`${auth.url}/account`);

    await page.getByLabel('Password', { exact: true }).fill(user.password);
    await page.getByRole('button', { name: 'Set up two-factor' }).click();
    await page.getByRole('img', { name: 'QR code for your authenticator app' }).waitFor();
    expect(await page.locator('svg.qr path').getAttribute('d')).toMatch(/^M\d+ \d+h1v1h-1z/);
    const secret = (await page.locator('code.secret').textContent())!.trim();
    expect(secret).toMatch(/^[A-Z2-7]+=*$/);
    expect(await page.locator('.backup-codes li').count()).toBe(10);
    const uri = `otpauth://totp/kit?secret=${secret}`;
    await page.getByLabel('Code', { exact: true }).fill(await totpCode(uri));
    await page.getByRole('button', { name: 'Turn on two-factor' }).click();
    await page.waitForURL(`${auth.url}/account?notice=two-factor-on`);
    expect(await page.getByRole('button', { name: 'Turn off two-factor' }).count()).toBe(1);
    expect(await seriousAxeViolations(page)).toEqual([]);

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(/\/sign-in/);
    await signInWithPassword(page, user.user.email, user.password);
    await page.waitForURL(/\/two-factor/);
    await page.getByLabel('Code', { exact: true }).fill('000000');
    await page.getByRole('button', { name: 'Verify' }).click();
    await page.getByText('That code is not correct.').waitFor();
    expect(await page.getByLabel('Code', { exact: true }).getAttribute('aria-invalid')).toBe(
      'true',
    );
    await page.getByLabel('Code', { exact: true }).fill(await totpCode(uri));
    await page.getByRole('button', { name: 'Verify' }).click();
    await page.waitForURL(`${auth.url}/account`);
    expect(await amrOf(page)).toEqual(['pwd', 'otp']);
    expect(violations).toEqual([]);
  });

  it('a wrong password does not start the set-up', async () => {
    const { page } = await fresh();
    const user = await auth.signUp();
    await signInWithPassword(page, user.user.email, user.password);
    await page.waitForURL(`${auth.url}/account`);
    await page.getByLabel('Password', { exact: true }).fill('not the password');
    await page.getByRole('button', { name: 'Set up two-factor' }).click();
    await page.getByText('The password is not correct.').waitFor();
    expect(await page.locator('svg.qr').count()).toBe(0);
  });
});

describe('the set-up route', () => {
  const start = (headers: Record<string, string>, body: unknown) =>
    fetch(`${auth.url}/account/two-factor`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
    });

  it('refuses another site, answers 4xx JSON to bad input, and never shows the key to a stranger', async () => {
    const user = await auth.signUp();
    const foreign = await start(
      { cookie: user.cookie, origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' },
      { password: user.password },
    );
    expect(foreign.status).toBe(403);
    const same = { cookie: user.cookie, origin: auth.url, 'sec-fetch-site': 'same-origin' };
    const missing = await start(same, {});
    expect(missing.status).toBe(400);
    expect(await missing.json()).toMatchObject({ code: 'INVALID_PASSWORD' });
    const stranger = await start(
      { origin: auth.url, 'sec-fetch-site': 'same-origin' },
      { password: 'x' },
    );
    expect(stranger.status).toBe(401);
    expect(await stranger.text()).not.toContain('otpauth');
    const ok = await start(same, { password: user.password });
    expect(ok.status).toBe(200);
    expect(((await ok.json()) as { html: string }).html).toContain('<svg class="qr"');
  });

  it('serves the Code page with the strict CSP', async () => {
    const res = await fetch(`${auth.url}/two-factor`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(await res.text()).toContain('<label for="code">Code</label>');
  });
});

describe('passkeys on the pages', () => {
  /** A context whose page has a DevTools virtual authenticator (user verification on). */
  async function withAuthenticator(backedUp: boolean) {
    const opened = await fresh();
    const cdp = await opened.context.newCDPSession(opened.page);
    await cdp.send('WebAuthn.enable');
    await cdp.send('WebAuthn.addVirtualAuthenticator', {
      options: {
        protocol: 'ctap2',
        transport: 'internal',
        hasResidentKey: true,
        hasUserVerification: true,
        isUserVerified: true,
        automaticPresenceSimulation: true,
        defaultBackupEligibility: backedUp,
        defaultBackupState: backedUp,
      },
    });
    return opened;
  }

  it.each([
    ['device-bound', 'hwk', false],
    ['synced', 'swk', true],
  ])('a %s passkey added on /account signs in on /sign-in: amr %s', async (_, amr, backedUp) => {
    const { page, violations } = await withAuthenticator(backedUp);
    const user = await auth.signUp();
    await signInWithPassword(page, user.user.email, user.password);
    await page.waitForURL(`${auth.url}/account`);
    await page.getByRole('button', { name: 'Add a passkey' }).click();
    await page.waitForURL(`${auth.url}/account?notice=passkey-added`);
    expect(await page.locator('[aria-labelledby=passkeys-title] li').count()).toBe(1);

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(/\/sign-in/);
    await page.getByRole('button', { name: 'Use a passkey' }).click();
    await page.waitForURL(`${auth.url}/account`);
    expect(await amrOf(page)).toEqual([amr]);
    expect(violations).toEqual([]);
  });
});
