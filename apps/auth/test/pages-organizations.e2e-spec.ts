/**
 * Organizations on the hosted pages, in Chromium under the strict CSP: create one on /account,
 * invite by mail, accept on the mailed page as the invited address, make it active; the session's
 * next token carries it.
 */
import { decodeJwt } from 'jose';
import type { Browser, Page } from 'playwright-core';
import {
  startAuthServer,
  type AuthServer,
  type SignedUpUser,
} from '../../../test/support/auth-server.js';
import { launchChromium, newContext, seriousAxeViolations } from './pages-browser.js';

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

async function signIn(page: Page, user: SignedUpUser, target: string) {
  await page.goto(`${auth.url}${target}`);
  await page.waitForURL(/\/sign-in\?redirect=/);
  await page.getByLabel('Email').fill(user.user.email);
  await page.getByLabel('Password').fill(user.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(`${auth.url}${target}`);
}

/** The JWT the browser's session mints now (same cookies as the page). */
async function tokenClaims(page: Page) {
  const res = await page.request.get(`${auth.url}/api/auth/token`);
  expect(res.status()).toBe(200);
  return decodeJwt(((await res.json()) as { token: string }).token);
}

it('creates an organization, invites by mail, the invitee accepts and switches organizations', async () => {
  const owner = await auth.signUp({ name: 'Olive' });
  const invitee = await auth.signUp({ name: 'Ivan' });
  const ownerSide = await newContext(browser);
  const page = ownerSide.page;
  await signIn(page, owner, '/account');
  expect(await page.getByText('You are not a member of any organization yet.').count()).toBe(1);

  const slug = `acme-${Date.now()}`;
  await page.getByLabel('Organization name').fill('Acme');
  await page.getByLabel('Slug').fill(slug);
  await page.getByRole('button', { name: 'Create organization' }).click();
  await page.waitForURL(`${auth.url}/account?notice=organization-created`);
  const orgs = page.getByRole('list', { name: 'Organizations' }).getByRole('listitem');
  expect(await orgs.count()).toBe(1);
  expect(await orgs.first().textContent()).toContain('Active');
  const ownerClaims = await tokenClaims(page);
  expect(ownerClaims.org_role).toBe('owner');
  const orgId = ownerClaims.org_id as string;
  expect(orgId).toEqual(expect.any(String));

  await page.getByLabel('Email to invite').fill(invitee.user.email);
  await page.getByLabel('Role').selectOption('admin');
  await page.getByRole('button', { name: 'Send invitation' }).click();
  await page.waitForURL(`${auth.url}/account?notice=invitation-sent`);
  expect(await seriousAxeViolations(page)).toEqual([]);
  const mail = await auth.waitForMail(invitee.user.email, 'organization-invitation');
  expect(mail.subject).toBe('Join Acme');
  const link = new URL(mail.url);

  // Someone else's session cannot see (or answer) the invitation.
  const stranger = await auth.signUp();
  const strangerSide = await newContext(browser);
  await signIn(strangerSide.page, stranger, link.pathname + link.search);
  expect(await strangerSide.page.getByRole('heading', { level: 1 }).textContent()).toBe(
    'Invitation not available',
  );
  expect(await strangerSide.page.getByRole('button', { name: 'Accept' }).count()).toBe(0);
  await strangerSide.context.close();

  const inviteeSide = await newContext(browser);
  const other = inviteeSide.page;
  await signIn(other, invitee, link.pathname + link.search);
  expect(await other.getByRole('heading', { level: 1 }).textContent()).toBe('Join Acme');
  expect(await other.getByText('as admin').count()).toBe(1);
  expect(await seriousAxeViolations(other)).toEqual([]);
  await other.getByRole('button', { name: 'Accept' }).click();
  await other.waitForURL(`${auth.url}/account?notice=invitation-accepted`);
  // Accepting makes the organization the session's active one.
  expect(await tokenClaims(other)).toMatchObject({ org_id: orgId, org_role: 'admin' });

  // With an organization of their own active, "Make active" switches back.
  await other.getByLabel('Organization name').fill('Beta');
  await other.getByLabel('Slug').fill(`beta-${Date.now()}`);
  await other.getByRole('button', { name: 'Create organization' }).click();
  await other.waitForURL(`${auth.url}/account?notice=organization-created`);
  expect((await tokenClaims(other)).org_role).toBe('owner');
  await other.getByRole('button', { name: 'Make active Acme' }).click();
  await other.waitForURL(`${auth.url}/account?notice=organization-active`);
  expect(await tokenClaims(other)).toMatchObject({ org_id: orgId, org_role: 'admin' });

  expect(ownerSide.violations).toEqual([]);
  expect(inviteeSide.violations).toEqual([]);
  await ownerSide.context.close();
  await inviteeSide.context.close();
});

it('sends a signed-out visitor of the accept page to sign-in and back', async () => {
  const { page, context } = await newContext(browser);
  const res = await page.goto(`${auth.url}/accept-invitation?id=abc`);
  expect(res?.url()).toBe(
    `${auth.url}/sign-in?redirect=${encodeURIComponent('/accept-invitation?id=abc')}`,
  );
  const bad = await page.goto(`${auth.url}/accept-invitation?id=%3Cscript%3E`);
  expect(bad?.status()).toBe(400);
  await context.close();
});
