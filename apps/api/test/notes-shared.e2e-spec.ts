/**
 * Organization-shared notes through the real auth server and the real api: a note its owner shares
 * with the active organization is readable by the members acting in it, and writable by its owner
 * only; /notes/shared needs an organization in the token (@OrgRoles).
 */
import {
  startAuthServer,
  type AuthServer,
  type SignedUpUser,
} from '../../../test/support/auth-server.js';
import { startTestDatabase, type TestDatabase } from '../../../test/support/database.js';
import {
  createOrganization,
  joinOrganization,
  setActiveOrganization,
} from '../../../test/support/organizations.js';
import { startApi, type StartedApi } from './api.harness.js';
import { call } from './http.helper.js';

describe('organization-shared notes', () => {
  let db: TestDatabase;
  let auth: AuthServer;
  let api: StartedApi;
  let owner: SignedUpUser;
  let member: SignedUpUser;
  let outsider: SignedUpUser;
  let loner: SignedUpUser;
  let orgId: string;
  let sharedId: string;
  let privateId: string;

  /** A fresh JWT for the user's session: the organization as it is now. */
  const as = async (user: SignedUpUser, method: string, path: string, json?: unknown) =>
    call(api.url, method, path, { token: await auth.token(user.sessionToken), json });

  beforeAll(async () => {
    db = await startTestDatabase();
    auth = await startAuthServer({ DATABASE_URL: db.url });
    api = await startApi({ AUTH_URL: auth.url, DATABASE_URL: db.url });
    [owner, member, outsider, loner] = await Promise.all(
      ['owner', 'member', 'outsider', 'loner'].map((name) => auth.signUp({ name })),
    );
    orgId = (await createOrganization(auth, owner)).id;
    await joinOrganization(auth, owner, member, orgId, 'member');
    await setActiveOrganization(auth, member, orgId);
    await createOrganization(auth, outsider, 'Other');
    const shared = await as(owner, 'POST', '/notes', { title: 'Plan', body: 'q3', shared: true });
    expect(shared.status).toBe(201);
    expect(shared.body.organizationId).toBe(orgId);
    sharedId = shared.body.id;
    const own = await as(owner, 'POST', '/notes', { title: 'Diary' });
    expect(own.body.organizationId).toBeNull();
    privateId = own.body.id;
  }, 120_000);

  afterAll(async () => {
    await api?.close();
    await auth?.close();
    await db?.stop();
  });

  it('members of the organization list and read the shared note, not the private one', async () => {
    const list = await as(member, 'GET', '/notes/shared');
    expect(list.status).toBe(200);
    expect(list.body.items.map((n: { id: string }) => n.id)).toEqual([sharedId]);
    expect(list.body.items[0]).not.toHaveProperty('ownerId');
    expect((await as(member, 'GET', `/notes/${sharedId}`)).body).toMatchObject({
      title: 'Plan',
      organizationId: orgId,
    });
    expect((await as(member, 'GET', `/notes/${privateId}`)).status).toBe(404);
    // Their own list stays their own.
    expect((await as(member, 'GET', '/notes')).body.items).toEqual([]);
  });

  it('only the owner changes or deletes it', async () => {
    const patch = await as(member, 'PATCH', `/notes/${sharedId}`, { title: 'Hijacked' });
    expect(patch.status).toBe(404);
    expect((await as(member, 'DELETE', `/notes/${sharedId}`)).status).toBe(404);
    const unshare = await as(member, 'PATCH', `/notes/${sharedId}`, { shared: false });
    expect(unshare.status).toBe(404);
    expect((await as(owner, 'GET', `/notes/${sharedId}`)).body).toMatchObject({
      title: 'Plan',
      organizationId: orgId,
    });
  });

  it('another organization and a session without one see nothing of it', async () => {
    expect((await as(outsider, 'GET', `/notes/${sharedId}`)).status).toBe(404);
    expect((await as(outsider, 'GET', '/notes/shared')).body.items).toEqual([]);
    const none = await as(loner, 'GET', '/notes/shared');
    expect(none.status).toBe(403);
    expect(none.headers.get('www-authenticate')).toContain('error="insufficient_scope"');
    expect((await as(loner, 'GET', `/notes/${sharedId}`)).status).toBe(404);
  });

  it('GET /me names the active organization, and nothing without one', async () => {
    expect((await as(member, 'GET', '/me')).body.organization).toEqual({
      id: orgId,
      role: 'member',
    });
    expect((await as(loner, 'GET', '/me')).body).not.toHaveProperty('organization');
  });

  it('refuses to share without an active organization, naming the field', async () => {
    const res = await as(loner, 'POST', '/notes', { title: 'x', shared: true });
    expect(res.status).toBe(400);
    expect(res.body.field).toBe('shared');
    const bad = await as(owner, 'POST', '/notes', { title: 'x', shared: 'yes' });
    expect(bad.status).toBe(400);
  });

  it('a member who leaves the active organization loses access at the next token', async () => {
    const leaver = await auth.signUp();
    await joinOrganization(auth, owner, leaver, orgId);
    await setActiveOrganization(auth, leaver, orgId);
    expect((await as(leaver, 'GET', `/notes/${sharedId}`)).status).toBe(200);
    await setActiveOrganization(auth, leaver, null);
    expect((await as(leaver, 'GET', `/notes/${sharedId}`)).status).toBe(404);
  });

  it('the owner shares and unshares an existing note', async () => {
    const note = await as(owner, 'POST', '/notes', { title: 'Later' });
    expect((await as(member, 'GET', `/notes/${note.body.id}`)).status).toBe(404);
    const shared = await as(owner, 'PATCH', `/notes/${note.body.id}`, { shared: true });
    expect(shared.body.organizationId).toBe(orgId);
    expect((await as(member, 'GET', `/notes/${note.body.id}`)).status).toBe(200);
    await as(owner, 'PATCH', `/notes/${note.body.id}`, { shared: false });
    expect((await as(member, 'GET', `/notes/${note.body.id}`)).status).toBe(404);
  });

  it('documents the route and the field in OpenAPI', async () => {
    const { body } = await call(api.url, 'GET', '/docs-json');
    expect(body.paths['/notes/shared'].get).toBeDefined();
    expect(body.components.schemas.CreateNoteDto.properties.shared.type).toBe('boolean');
    expect(body.components.schemas.NoteDto.properties.organizationId).toBeDefined();
  });
});
