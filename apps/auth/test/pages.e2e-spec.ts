import { get } from 'node:http';
import type { Browser, Page } from 'playwright-core';
import { startAuthServer, type AuthServer } from '../../../test/support/auth-server.js';
import { PAGES_CSP } from '../src/pages/pages.headers.js';
import {
  type InPage,
  isFocused,
  launchChromium,
  newContext,
  screenshots,
  seriousAxeViolations,
  VIEWPORTS,
} from './pages-browser.js';

/** The DOM calls the CSP control test makes (the project compiles without the DOM library). */
interface InPageDocument {
  createElement(tag: string): { textContent: string };
  body: { appendChild(node: unknown): void };
}

let auth: AuthServer;
let browser: Browser;
beforeAll(async () => {
  // Not NODE_ENV=test: Better Auth's origin (CSRF) check stays on, as in production.
  [auth, browser] = await Promise.all([
    startAuthServer({ NODE_ENV: 'development', AUTH_RATE_LIMIT: 'false' }),
    launchChromium(),
  ]);
});
afterAll(async () => {
  await browser?.close();
  await auth?.close();
});

const PAGES = ['/sign-in', '/sign-up', '/forgot-password', '/reset-password?token=abc'];

async function fresh(viewport?: { width: number; height: number }) {
  return newContext(browser, viewport);
}

async function tabTo(page: Page, label: string, exact = true) {
  for (let i = 0; i < 10; i++) {
    if (await isFocused(page, label, exact)) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`Tab never reached "${label}"`);
}

async function signInWithKeyboard(page: Page, email: string, password: string) {
  await page.keyboard.press('Tab');
  expect(await isFocused(page, 'Email')).toBe(true); // the first stop is the first field
  await page.keyboard.type(email);
  await page.keyboard.press('Tab');
  expect(await isFocused(page, 'Password')).toBe(true);
  await page.keyboard.type(password);
  await page.keyboard.press('Enter');
}

describe('pages, headers and redirects', () => {
  it.each([...PAGES, '/account', '/consent'])(
    '%s sends the strict CSP and security headers',
    async (path) => {
      const res = await fetch(auth.url + path, { redirect: 'manual' });
      expect(res.status).toBeLessThan(500);
      expect(res.headers.get('content-security-policy')).toBe(PAGES_CSP);
      expect(PAGES_CSP).toContain("default-src 'none'");
      expect(PAGES_CSP).toContain("frame-ancestors 'none'");
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('referrer-policy')).toBe('same-origin');
    },
  );

  it('sends / to sign-in without a session and to the account with one', async () => {
    const anonymous = await fetch(`${auth.url}/`, { redirect: 'manual' });
    expect(anonymous.status).toBe(303);
    expect(anonymous.headers.get('location')).toBe('/sign-in');
    const { cookie } = await auth.signUp();
    const signedIn = await fetch(`${auth.url}/`, { redirect: 'manual', headers: { cookie } });
    expect(signedIn.headers.get('location')).toBe('/account');
  });

  it('carries only same-origin redirect targets', async () => {
    const { page, context } = await fresh();
    await page.goto(`${auth.url}/sign-in?redirect=${encodeURIComponent('https://evil.example/x')}`);
    expect(await page.locator('input[name=redirect]').inputValue()).toBe('/account');
    await page.goto(`${auth.url}/sign-in?redirect=${encodeURIComponent('//evil.example/x')}`);
    expect(await page.locator('input[name=redirect]').inputValue()).toBe('/account');
    await page.goto(
      `${auth.url}/sign-in?redirect=${encodeURIComponent('/account?notice=signed-out')}`,
    );
    expect(await page.locator('input[name=redirect]').inputValue()).toBe(
      '/account?notice=signed-out',
    );
    await context.close();
  });

  it('escapes what the query puts on a page', async () => {
    // sent raw (fetch would percent-encode it): the query is echoed into the sign-up link
    const body = await new Promise<string>((resolve, reject) => {
      const { hostname, port } = new URL(auth.url);
      const path = '/sign-in?x="><script>alert(1)</script>';
      get({ hostname, port, path }, (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (text += c));
        res.on('end', () => resolve(text));
      }).on('error', reject);
    });
    expect(body).toContain('/sign-up?x=&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(body).not.toContain('<script>alert(1)');
  });

  it('refuses a session revoke posted from another site', async () => {
    const { cookie } = await auth.signUp();
    const forged = await fetch(`${auth.url}/account/sessions/any/revoke`, {
      method: 'POST',
      redirect: 'manual',
      headers: { cookie, origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' },
    });
    expect(forged.status).toBe(403);
    const bare = await fetch(`${auth.url}/account/sessions/any/revoke`, {
      method: 'POST',
      redirect: 'manual',
      headers: { cookie },
    });
    expect(bare.status).toBe(403);
  });
});

describe('in Chromium', () => {
  it('signs up with the keyboard only, then lands on the account page', async () => {
    const { page, context, violations } = await fresh();
    await page.goto(`${auth.url}/sign-up`);
    await page.keyboard.press('Tab');
    expect(await isFocused(page, 'Name')).toBe(true);
    await page.keyboard.type('Ada Keyboard');
    await page.keyboard.press('Tab');
    expect(await isFocused(page, 'Email')).toBe(true);
    await page.keyboard.type('ada-keys@example.com');
    await page.keyboard.press('Tab');
    expect(await isFocused(page, 'Password')).toBe(true);
    await page.keyboard.type('short');
    await page.keyboard.press('Enter');
    // the error is next to its field, tied to it, and focus stays there
    const password = page.getByLabel('Password', { exact: true });
    expect(await password.getAttribute('aria-invalid')).toBe('true');
    expect(await password.getAttribute('aria-describedby')).toContain('password-error');
    expect(await page.locator('#password-error').textContent()).toBe('Use at least 8 characters.');
    expect(await isFocused(page, 'Password')).toBe(true);
    await page.keyboard.press('ControlOrMeta+a');
    await page.keyboard.type('a fine keyboard password');
    await page.keyboard.press('Tab');
    expect(
      await page
        .getByRole('button', { name: 'Create account' })
        .evaluate((b) => b === (globalThis as unknown as InPage).document.activeElement),
    ).toBe(true);
    await page.keyboard.press('Enter');
    await page.waitForURL(`${auth.url}/account`);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Your account');
    expect(await page.locator('main').textContent()).toContain('ada-keys@example.com');
    expect(violations).toEqual([]);
    await context.close();
  });

  it('signs in with the keyboard only and follows ?redirect=', async () => {
    const user = await auth.signUp();
    const { page, context, violations } = await fresh();
    await page.goto(
      `${auth.url}/sign-in?redirect=${encodeURIComponent('/account?notice=password-changed')}`,
    );
    await signInWithKeyboard(page, user.user.email, user.password);
    await page.waitForURL(`${auth.url}/account?notice=password-changed`);
    expect(await page.locator('main').textContent()).toContain(user.user.email);
    expect(violations).toEqual([]);
    await context.close();
  });

  it('announces field errors and says the same for a wrong password and an unknown address', async () => {
    const user = await auth.signUp();
    const { page, context } = await fresh();
    await page.goto(`${auth.url}/sign-in`);
    await page.getByRole('button', { name: 'Sign in' }).press('Enter');
    const email = page.getByLabel('Email');
    expect(await email.getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator('#email-error').textContent()).toBe('Enter your email.');
    expect(await page.locator('#email-error').getAttribute('aria-live')).toBe('polite');
    expect(await isFocused(page, 'Email')).toBe(true);

    const attempt = async (address: string) => {
      await email.fill(address);
      await page.getByLabel('Password').fill('not the password');
      await page.getByRole('button', { name: 'Sign in' }).click();
      const alert = page.getByRole('alert');
      await alert.filter({ hasText: /./ }).waitFor();
      const text = await alert.textContent();
      await page.reload();
      return text;
    };
    const wrongPassword = await attempt(user.user.email);
    const unknown = await attempt('nobody-here@example.com');
    expect(wrongPassword).toBe('The email or password is not correct.');
    expect(unknown).toBe(wrongPassword);
    await context.close();
  });

  it('resets a password from the mailed link', async () => {
    const user = await auth.signUp();
    const { page, context, violations } = await fresh();
    await page.goto(`${auth.url}/sign-in`);
    await page.getByRole('link', { name: 'Forgot your password?' }).click();
    await page.waitForURL(`${auth.url}/forgot-password`);
    await tabTo(page, 'Email');
    await page.keyboard.type(user.user.email);
    await page.keyboard.press('Enter');
    const status = page.getByRole('status');
    await status.filter({ hasText: /./ }).waitFor();
    const sent = await status.textContent();

    // an address without an account gets the very same answer
    await page.reload();
    await page.getByLabel('Email').fill('no-account@example.com');
    await page.getByRole('button', { name: 'Send reset link' }).click();
    await status.filter({ hasText: /./ }).waitFor();
    expect(await status.textContent()).toBe(sent);

    const mail = await auth.waitForMail(user.user.email, 'reset-password');
    await page.goto(mail.url);
    expect(page.url()).toMatch(new RegExp(`^${auth.url}/reset-password\\?token=`));
    await tabTo(page, 'Password');
    await page.keyboard.type('a brand new password');
    await page.keyboard.press('Enter');
    await page.waitForURL(`${auth.url}/sign-in?notice=password-reset`);
    expect(await page.getByRole('status').first().textContent()).toContain(
      'Your password was changed',
    );

    await signInWithKeyboard(page, user.user.email, 'a brand new password');
    await page.waitForURL(`${auth.url}/account`);

    // the link is spent: opening it again shows why, with a way to ask for a new one
    await page.goto(mail.url);
    expect(await page.getByRole('alert').textContent()).toContain('not valid or has expired');
    expect(await page.getByRole('button', { name: 'Set new password' }).count()).toBe(0);
    expect(violations).toEqual([]);
    await context.close();
  });

  it('lists sessions, revokes another one, changes the password and signs out', async () => {
    const user = await auth.signUp(); // this API session is "the other device"
    const { page, context, violations } = await fresh();
    await page.goto(`${auth.url}/account`);
    await page.waitForURL(/\/sign-in\?redirect=%2Faccount$/);
    await signInWithKeyboard(page, user.user.email, user.password);
    await page.waitForURL(`${auth.url}/account`);

    const sessions = page.getByRole('list', { name: 'Sessions' }).getByRole('listitem');
    expect(await sessions.count()).toBe(2);
    expect(await sessions.first().textContent()).toContain('This device');
    expect(await sessions.first().textContent()).toContain('Chrome on Linux');
    const revoke = page.getByRole('button', { name: /^Revoke/ });
    expect(await revoke.count()).toBe(1);
    await revoke.click();
    await page.waitForURL(`${auth.url}/account?notice=session-revoked`);
    expect(await sessions.count()).toBe(1);
    const other = await fetch(`${auth.url}/api/auth/get-session`, {
      headers: { authorization: `Bearer ${user.sessionToken}` },
    });
    expect(await other.json()).toBeNull();

    // a wrong current password is reported next to that field
    await page.getByLabel('Current password').fill('not my password');
    await page.getByLabel('New password').fill('the next password');
    await page.getByRole('button', { name: 'Change password' }).click();
    await page.locator('#current-password-error').filter({ hasText: /./ }).waitFor();
    expect(await page.locator('#current-password-error').textContent()).toBe(
      'The current password is not correct.',
    );
    await page.getByLabel('Current password').fill(user.password);
    await page.getByRole('button', { name: 'Change password' }).click();
    await page.waitForURL(`${auth.url}/account?notice=password-changed`);
    const old = await fetch(`${auth.url}/api/auth/sign-in/email`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: auth.url },
      body: JSON.stringify({ email: user.user.email, password: user.password }),
    });
    expect(old.status).toBe(401);

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(`${auth.url}/sign-in?notice=signed-out`);
    await page.goto(`${auth.url}/account`);
    await page.waitForURL(/\/sign-in\?redirect=%2Faccount$/);
    expect(violations).toEqual([]);
    await context.close();
  });

  it('has no serious or critical axe violations and no CSP violations on any page', async () => {
    const user = await auth.signUp();
    for (const viewport of Object.values(VIEWPORTS)) {
      const { page, context, violations } = await fresh(viewport);
      for (const path of PAGES) {
        await page.goto(auth.url + path);
        expect({ path, axe: await seriousAxeViolations(page) }).toEqual({ path, axe: [] });
      }
      // with errors showing, too
      await page.goto(`${auth.url}/sign-up`);
      await page.getByRole('button', { name: 'Create account' }).click();
      expect({ path: 'sign-up errors', axe: await seriousAxeViolations(page) }).toEqual({
        path: 'sign-up errors',
        axe: [],
      });
      await page.goto(`${auth.url}/sign-in`);
      await page.getByLabel('Email').fill(user.user.email);
      await page.getByLabel('Password').fill(user.password);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.waitForURL(`${auth.url}/account`);
      expect({ path: '/account', axe: await seriousAxeViolations(page) }).toEqual({
        path: '/account',
        axe: [],
      });
      // fluid layout: nothing wider than the screen
      const overflow = await page.evaluate(() => {
        const w = globalThis as unknown as InPage;
        return w.document.documentElement.scrollWidth - w.innerWidth;
      });
      expect(overflow).toBeLessThanOrEqual(0);
      expect(violations).toEqual([]);
      await context.close();
    }
  });

  it('enforces the CSP in the browser: an inline script is refused and reported', async () => {
    const { page, context, violations } = await fresh();
    await page.goto(`${auth.url}/sign-in`);
    // The control for the "no violations" checks above: the listener sees a real one.
    await page.evaluate(() => {
      const d = (globalThis as unknown as { document: InPageDocument }).document;
      const script = d.createElement('script');
      script.textContent = 'document.title = "injected"';
      d.body.appendChild(script);
    });
    expect(await page.title()).toBe('Sign in · Nest Auth Kit');
    // the report crosses from the page to the test process asynchronously
    for (let i = 0; i < 50 && violations.length === 0; i++) await page.waitForTimeout(20);
    expect(violations.join('\n')).toMatch(/script-src/);
    await context.close();
  });

  it('writes desktop and phone screenshots of each page', async () => {
    const { cookie } = await auth.signUp({ name: 'Screenshot User' });
    for (const path of PAGES) {
      await screenshots(browser, auth.url + path, path.slice(1).replace(/\?.*/, ''));
    }
    await screenshots(browser, `${auth.url}/account`, 'account', cookie);
  });
});
