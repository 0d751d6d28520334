/**
 * Organizations over real HTTP: create, invite by mail, accept, roles, the active organization, and
 * the `org_id` / `org_role` claims of session JWTs and OAuth access tokens, read fresh at each mint.
 */
import { decodeJwt } from 'jose';
import {
  startAuthServer,
  type AuthServer,
  type SignedUpUser,
} from '../../../test/support/auth-server.js';
import {
  approveAuthorization,
  authorizationUrl,
  exchangeCode,
  pkcePair,
  registerPublicClient,
  tokenRequest,
} from '../../../test/support/oauth-client.js';
import {
  dropVariantKeys,
  storageVariants,
  type StorageVariant,
} from '../../../test/support/redis.js';
import { bearer, postJson } from './http.js';

const MCP_RESOURCE = 'http://localhost:3002/mcp';
const REDIRECT = 'http://127.0.0.1:45124/callback';
type Json = Record<string, unknown>;

let auth: AuthServer;
let owner: SignedUpUser;
let orgId: string;

const call = (user: SignedUpUser, path: string, body: unknown) =>
  postJson<Json>(auth.url, `/api/auth/organization/${path}`, body, bearer(user.sessionToken));
const claims = async (user: SignedUpUser) => decodeJwt(await auth.token(user.sessionToken));

/** Signs `invitee` up (if needed), invites them by mail with `role` and accepts from the mail. */
async function join(invitee: SignedUpUser, role: string): Promise<string> {
  const invited = await call(owner, 'invite-member', {
    email: invitee.user.email,
    role,
    organizationId: orgId,
  });
  expect(invited.status).toBe(200);
  const mail = await auth.waitForMail(invitee.user.email, 'organization-invitation');
  const link = new URL(mail.url);
  expect(link.origin + link.pathname).toBe(`${auth.url}/accept-invitation`);
  const accepted = await call(invitee, 'accept-invitation', {
    invitationId: link.searchParams.get('id'),
  });
  expect(accepted.status).toBe(200);
  return (accepted.body.member as Json).id as string;
}

beforeAll(async () => {
  auth = await startAuthServer({ NODE_ENV: 'development', AUTH_RATE_LIMIT: 'false' });
  owner = await auth.signUp({ name: 'Olive' });
  const created = await call(owner, 'create', { name: 'Acme', slug: `acme-${Date.now()}` });
  expect(created.status).toBe(200);
  orgId = created.body.id as string;
});
afterAll(() => auth?.close());

describe('session tokens', () => {
  it('carry no organization claims while the session has no active organization', async () => {
    const loner = await auth.signUp();
    const payload = await claims(loner);
    expect(payload.org_id).toBeUndefined();
    expect(payload.org_role).toBeUndefined();
  });

  it('carry the active organization and the creator’s role owner', async () => {
    // Creating an organization makes it the creator’s active one.
    expect(await claims(owner)).toMatchObject({ org_id: orgId, org_role: 'owner' });
  });

  it('follow set-active, including clearing it', async () => {
    expect((await call(owner, 'set-active', { organizationId: null })).status).toBe(200);
    expect((await claims(owner)).org_id).toBeUndefined();
    expect((await call(owner, 'set-active', { organizationId: orgId })).status).toBe(200);
    expect(await claims(owner)).toMatchObject({ org_id: orgId, org_role: 'owner' });
  });

  it('show a role change and a removal at the next token of the member’s live session', async () => {
    const member = await auth.signUp();
    const memberId = await join(member, 'member');
    expect((await call(member, 'set-active', { organizationId: orgId })).status).toBe(200);
    expect(await claims(member)).toMatchObject({ org_id: orgId, org_role: 'member' });

    const promoted = await call(owner, 'update-member-role', {
      memberId,
      role: 'admin',
      organizationId: orgId,
    });
    expect(promoted.status).toBe(200);
    expect(await claims(member)).toMatchObject({ org_id: orgId, org_role: 'admin' });

    const removed = await call(owner, 'remove-member', {
      memberIdOrEmail: memberId,
      organizationId: orgId,
    });
    expect(removed.status).toBe(200);
    const after = await claims(member);
    expect(after.org_id).toBeUndefined();
    expect(after.org_role).toBeUndefined();
  });
});

describe('membership rules', () => {
  it('a non-member can neither make the organization active nor invite into it', async () => {
    const outsider = await auth.signUp();
    const active = await call(outsider, 'set-active', { organizationId: orgId });
    expect(active.status).toBe(403);
    expect((await claims(outsider)).org_id).toBeUndefined();
    const invite = await call(outsider, 'invite-member', {
      email: 'x@example.com',
      role: 'member',
      organizationId: orgId,
    });
    // Better Auth answers a non-member's invitation with a 400 (no member row), no mail goes out.
    expect(invite.status).toBe(400);
    expect(await auth.mails('x@example.com')).toEqual([]);
  });

  it('a member may not invite; only the invited address may accept', async () => {
    const member = await auth.signUp();
    await join(member, 'member');
    const byMember = await call(member, 'invite-member', {
      email: 'y@example.com',
      role: 'member',
      organizationId: orgId,
    });
    expect(byMember.status).toBe(403);

    const invitee = await auth.signUp();
    const other = await auth.signUp();
    await call(owner, 'invite-member', {
      email: invitee.user.email,
      role: 'member',
      organizationId: orgId,
    });
    const mail = await auth.waitForMail(invitee.user.email, 'organization-invitation');
    const invitationId = new URL(mail.url).searchParams.get('id');
    const stolen = await call(other, 'accept-invitation', { invitationId });
    expect(stolen.status).toBe(403);
    expect((await call(invitee, 'accept-invitation', { invitationId })).status).toBe(200);
  });

  it('knows only the roles owner, admin and member', async () => {
    const res = await call(owner, 'invite-member', {
      email: 'z@example.com',
      role: 'superuser',
      organizationId: orgId,
    });
    expect(res.status).toBe(400);
  });
});

describe('bad input', () => {
  beforeAll(async () => {
    expect((await call(owner, 'create', { name: 'Taken', slug: 'taken' })).status).toBe(200);
  });

  it.each([
    ['create without a slug', 'create', { name: 'x' }],
    ['create with a taken slug', 'create', { name: 'x', slug: 'taken' }],
    ['create with a 101-character slug', 'create', { name: 'x', slug: 'a'.repeat(101) }],
    ['create with a 101-character name', 'create', { name: 'n'.repeat(101), slug: 'long-name' }],
    ['set-active with a number', 'set-active', { organizationId: 42 }],
    ['accept an unknown invitation', 'accept-invitation', { invitationId: 'nope' }],
    ['invite a malformed address', 'invite-member', { email: 'not-an-address', role: 'member' }],
  ])('%s: a 4xx JSON answer', async (_name, path, body) => {
    const res = await call(owner, path, { organizationId: orgId, ...body });
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    expect(res.headers.get('content-type')).toContain('application/json');
    expect(res.text).not.toMatch(/at \w+ \(|prisma/i);
  });
});

describe('OAuth access tokens', () => {
  async function signInCookie(user: SignedUpUser): Promise<string> {
    const res = await fetch(`${auth.url}/api/auth/sign-in/email`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: auth.url },
      body: JSON.stringify({ email: user.user.email, password: user.password }),
    });
    expect(res.status).toBe(200);
    return res.headers
      .getSetCookie()
      .map((c) => c.split(';')[0])
      .join('; ');
  }

  async function accessToken(user: SignedUpUser, cookie: string) {
    const client = await registerPublicClient(auth.url, REDIRECT, {
      grant_types: ['authorization_code', 'refresh_token'],
      application_type: 'native',
    });
    const { verifier, challenge } = pkcePair();
    const url = authorizationUrl(client, challenge, 'notes:read offline_access', {
      resource: MCP_RESOURCE,
    });
    const { code } = await approveAuthorization(
      auth.url,
      url,
      { email: user.user.email, password: user.password },
      { cookie },
    );
    expect(code).toEqual(expect.any(String));
    const first = await exchangeCode(client, code!, verifier);
    expect(first.status).toBe(200);
    return {
      access: first.body.access_token as string,
      refresh: () =>
        tokenRequest(client, {
          grant_type: 'refresh_token',
          refresh_token: first.body.refresh_token as string,
        }),
    };
  }

  it('carry the organization active at consent, with the role as of each mint', async () => {
    const member = await auth.signUp();
    const memberId = await join(member, 'member');
    const cookie = await signInCookie(member);
    const active = await postJson(
      auth.url,
      '/api/auth/organization/set-active',
      { organizationId: orgId },
      { cookie },
    );
    expect(active.status).toBe(200);
    const { access, refresh } = await accessToken(member, cookie);
    expect(decodeJwt(access)).toMatchObject({
      org_id: orgId,
      org_role: 'member',
      aud: MCP_RESOURCE,
    });

    await call(owner, 'update-member-role', { memberId, role: 'admin', organizationId: orgId });
    const refreshed = await refresh();
    expect(refreshed.status).toBe(200);
    expect(decodeJwt(refreshed.body.access_token as string)).toMatchObject({
      org_id: orgId,
      org_role: 'admin',
    });
  });

  it('carry none when the session had no active organization', async () => {
    const loner = await auth.signUp();
    const { access } = await accessToken(loner, await signInCookie(loner));
    const payload = decodeJwt(access);
    expect(payload.sub).toBe(loner.user.id);
    expect(payload.org_id).toBeUndefined();
  });
});

describe('with Redis as secondary storage (sessions cached there)', () => {
  let cached: AuthServer;
  let variant: StorageVariant;
  const maybe = (name: string, fn: () => Promise<void>) =>
    it(name, async () => {
      if (variant.run) await fn();
    });

  beforeAll(async () => {
    variant = (await storageVariants('organizations')).find((v) => v.name === 'with Redis')!;
    if (!variant.run) return;
    cached = await startAuthServer({
      NODE_ENV: 'development',
      AUTH_RATE_LIMIT: 'false',
      ...variant.env,
    });
  });
  afterAll(async () => {
    await cached?.close();
    if (variant) await dropVariantKeys(variant);
  });

  maybe('set-active and a role change show at the next token of the cached session', async () => {
    const as = (user: SignedUpUser, path: string, body: unknown) =>
      postJson<Json>(cached.url, `/api/auth/organization/${path}`, body, bearer(user.sessionToken));
    const boss = await cached.signUp();
    const org = await as(boss, 'create', { name: 'Cached', slug: `cached-${Date.now()}` });
    const id = org.body.id as string;
    const staff = await cached.signUp();
    await as(boss, 'invite-member', {
      email: staff.user.email,
      role: 'member',
      organizationId: id,
    });
    const mail = await cached.waitForMail(staff.user.email, 'organization-invitation');
    const invitationId = new URL(mail.url).searchParams.get('id');
    const accepted = await as(staff, 'accept-invitation', { invitationId });
    const memberId = (accepted.body.member as Json).id as string;
    const mint = async () => decodeJwt(await cached.token(staff.sessionToken));
    expect(await mint()).toMatchObject({ org_id: id, org_role: 'member' });
    await as(boss, 'update-member-role', { memberId, role: 'admin', organizationId: id });
    expect(await mint()).toMatchObject({ org_id: id, org_role: 'admin' });
    await as(staff, 'set-active', { organizationId: null });
    expect((await mint()).org_id).toBeUndefined();
  });
});

describe('invitation rate limit', () => {
  let limited: AuthServer;
  beforeAll(async () => {
    limited = await startAuthServer({ NODE_ENV: 'development', AUTH_RATE_LIMIT: 'true' });
  });
  afterAll(() => limited?.close());

  it('answers the 21st invitation within 5 minutes with 429 and Retry-After', async () => {
    const boss = await limited.signUp();
    const invite = (body: unknown) =>
      postJson<Json>(
        limited.url,
        '/api/auth/organization/invite-member',
        body,
        bearer(boss.sessionToken),
      );
    const org = await postJson<Json>(
      limited.url,
      '/api/auth/organization/create',
      { name: 'Busy', slug: `busy-${Date.now()}` },
      bearer(boss.sessionToken),
    );
    const organizationId = org.body.id as string;
    for (let i = 0; i < 20; i++) {
      const res = await invite({ email: `guest-${i}@example.com`, role: 'member', organizationId });
      expect({ i, status: res.status }).toEqual({ i, status: 200 });
    }
    const refused = await invite({ email: 'guest-20@example.com', role: 'member', organizationId });
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
  });
});
