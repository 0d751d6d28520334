import type { Browser, Page } from 'playwright-core';
import { startAuthServer, type AuthServer } from '../../../test/support/auth-server.js';
import { launchChromium, newContext } from './pages-browser.js';

let auth: AuthServer;
let browser: Browser;
beforeAll(async () => {
  [auth, browser] = await Promise.all([
    startAuthServer({
      NODE_ENV: 'development',
      AUTH_RATE_LIMIT: 'false',
      REQUIRE_EMAIL_VERIFICATION: 'true',
    }),
    launchChromium(),
  ]);
});
afterAll(async () => {
  await browser?.close();
  await auth?.close();
});

async function signUp(page: Page, email: string, password: string): Promise<string> {
  await page.goto(`${auth.url}/sign-up`);
  await page.getByLabel('Name').fill('Vera');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Create account' }).click();
  const status = page.getByRole('status');
  await status.filter({ hasText: /./ }).waitFor();
  return (await status.textContent()) ?? '';
}

it('asks to confirm the address, says the same for a taken one, and the link confirms it without signing in', async () => {
  const { page, context, violations } = await newContext(browser);
  const email = 'vera-pages@example.com';
  const first = await signUp(page, email, 'a fine password');
  expect(first).toContain('Check your inbox');
  expect(await signUp(page, email, 'another password')).toBe(first);
  // and no error: the alert (hidden while empty) stays empty
  expect(await page.getByRole('alert', { includeHidden: true }).textContent()).toBe('');

  const mail = await auth.waitForMail(email, 'verify-email');
  await page.goto(mail.url);
  // the link confirms the address but signs nobody in: the browser lands on the sign-in page
  await page.waitForURL(`${auth.url}/sign-in?notice=email-verified&redirect=%2Faccount`);
  expect(await page.getByRole('status').textContent()).toContain('Your address is confirmed');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill('a fine password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(`${auth.url}/account`);
  expect(await page.locator('main').textContent()).toContain(email);
  expect(violations).toEqual([]);
  await context.close();
});
