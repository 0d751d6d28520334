import type { JWTPayload } from 'jose';
import { startTestDatabase } from '../../../test/support/database.js';
import {
  startAuth0StandIn,
  startClerkStandIn,
  startFirebaseStandIn,
  startOidcStandIn,
  type StandIn,
} from '../../../test/support/stand-ins/index.js';
import { startApi, type StartedApi } from './api.harness.js';
import { call } from './http.helper.js';

const NOTES = 'notes:read notes:write';

interface Case {
  provider: 'clerk' | 'auth0' | 'firebase' | 'oidc';
  start: () => Promise<StandIn>;
  /** Provider-shaped claims to mint for GET /me, and what the principal must look like. */
  claims: JWTPayload;
  expected: (standIn: StandIn) => Record<string, unknown>;
  /** Claims that give the token the notes scopes in this provider's shape. */
  notesScopes: JWTPayload;
  /** Claims that leave only notes:read. */
  readOnly: JWTPayload;
  /** A token that is otherwise fine but meant for someone else (audience / authorized party). */
  foreign: JWTPayload;
}

const cases: Case[] = [
  {
    provider: 'clerk',
    start: () => startClerkStandIn(),
    claims: {
      org_role: 'org:admin',
      org_permissions: ['org:notes:manage'],
      email: 'c@example.com',
    },
    expected: (s) => ({
      provider: 'clerk',
      issuer: s.issuer,
      email: 'c@example.com',
      sub: expect.stringMatching(/^user_/),
      roles: ['org:admin'],
      scopes: ['org:notes:manage'],
    }),
    notesScopes: { scope: NOTES },
    readOnly: { scope: 'notes:read' },
    foreign: { azp: 'https://evil.example' },
  },
  {
    provider: 'auth0',
    start: () => startAuth0StandIn(),
    claims: {},
    expected: (s) => ({
      provider: 'auth0',
      issuer: s.issuer,
      sub: expect.stringMatching(/^auth0\|/),
      audience: ['https://api.kit.test', `${s.issuer}userinfo`],
      scopes: expect.arrayContaining(['openid', 'read:notes', 'write:notes']),
    }),
    notesScopes: { scope: 'openid', permissions: ['notes:read', 'notes:write'] },
    readOnly: { scope: 'openid', permissions: ['notes:read'] },
    foreign: { aud: 'https://other-api.example' },
  },
  {
    provider: 'firebase',
    start: () => startFirebaseStandIn(),
    claims: { role: 'admin', name: 'Fire Base' },
    expected: (s) => ({
      provider: 'firebase',
      issuer: s.issuer,
      audience: ['kit-test-project'],
      emailVerified: true,
      email: expect.stringMatching(/@example\.com$/),
      name: 'Fire Base',
      roles: ['admin'],
    }),
    notesScopes: { scope: NOTES },
    readOnly: { scope: 'notes:read' },
    foreign: { aud: 'another-project' },
  },
  {
    provider: 'oidc',
    start: () => startOidcStandIn(),
    claims: {},
    expected: (s) => ({
      provider: 'oidc',
      issuer: s.issuer,
      name: 'OIDC Tester',
      emailVerified: true,
      scopes: ['notes.read', 'notes.write'],
    }),
    notesScopes: { scp: ['notes:read', 'notes:write'] },
    readOnly: { scp: 'notes:read' },
    foreign: { aud: 'https://other-api.example' },
  },
];

/** apps/api against each managed-provider stand-in, with only the environment changed. */
describe('apps/api with managed providers (stand-ins)', () => {
  let db: Awaited<ReturnType<typeof startTestDatabase>>;
  const standIns = new Map<string, StandIn>();

  beforeAll(async () => {
    db = await startTestDatabase();
    for (const c of cases) standIns.set(c.provider, await c.start());
  }, 120_000);

  afterAll(async () => {
    for (const s of standIns.values()) await s.close();
    await db?.stop();
  });

  describe.each(cases)('AUTH_PROVIDER=$provider', (c) => {
    let api: StartedApi;
    let standIn: StandIn;

    beforeAll(async () => {
      standIn = standIns.get(c.provider)!;
      api = await startApi({ ...standIn.env, DATABASE_URL: db.url });
    }, 60_000);

    afterAll(async () => {
      await api?.close();
    });

    it('maps the provider claims onto GET /me', async () => {
      const { status, body } = await call(api.url, 'GET', '/me', {
        token: await standIn.mint(c.claims),
      });
      expect(status).toBe(200);
      expect(body).toMatchObject(c.expected(standIn));
    });

    it('refuses tokens of the other providers', async () => {
      for (const other of cases.filter((o) => o.provider !== c.provider)) {
        const token = await standIns.get(other.provider)!.mint(other.notesScopes);
        const { status, headers } = await call(api.url, 'GET', '/me', { token });
        expect(status).toBe(401);
        expect(headers.get('www-authenticate')).toContain('error="invalid_token"');
      }
    });

    it('refuses a token meant for another audience or party', async () => {
      const token = await standIn.mint({ ...c.notesScopes, ...c.foreign });
      const { status, headers } = await call(api.url, 'GET', '/me', { token });
      expect(status).toBe(401);
      expect(headers.get('www-authenticate')).toContain('error="invalid_token"');
    });

    it('refuses an expired token', async () => {
      const token = await standIn.mint(c.notesScopes, {
        nowS: Math.floor(Date.now() / 1000) - 3600,
      });
      const { status, headers } = await call(api.url, 'GET', '/me', { token });
      expect(status).toBe(401);
      expect(headers.get('www-authenticate')).toContain('error="invalid_token"');
    });

    it('owns notes by the provider sub and enforces the notes scopes', async () => {
      const writer = await standIn.mint(c.notesScopes);
      const created = await call(api.url, 'POST', '/notes', {
        token: writer,
        json: { title: `from ${c.provider}` },
      });
      expect(created.status).toBe(201);
      const listed = await call(api.url, 'GET', '/notes', { token: writer });
      expect(listed.body.items.map((n: { title: string }) => n.title)).toEqual([
        `from ${c.provider}`,
      ]);

      const reader = await standIn.mint(c.readOnly);
      expect(
        (await call(api.url, 'GET', `/notes/${created.body.id}`, { token: reader })).status,
      ).toBe(200);
      const denied = await call(api.url, 'POST', '/notes', { token: reader, json: { title: 'x' } });
      expect(denied.status).toBe(403);
      expect(denied.headers.get('www-authenticate')).toMatch(/error="insufficient_scope"/);
      expect(denied.headers.get('www-authenticate')).toContain('scope="notes:write"');
      expect(denied.body).toMatchObject({ statusCode: 403 });

      const noScopes = await standIn.mint({});
      const { status } = await call(api.url, 'GET', '/notes', { token: noScopes });
      expect(status).toBe(403);
    });

    it('is ready once the provider keys can be had', async () => {
      const { status, body } = await call(api.url, 'GET', '/health/ready');
      expect(status).toBe(200);
      expect(body.checks).toEqual({ database: 'up', keys: 'up' });
    });
  });
});
