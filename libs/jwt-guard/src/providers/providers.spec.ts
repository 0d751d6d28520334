import { jest } from '@jest/globals';
import { Logger } from '@nestjs/common';
import { InvalidTokenError, type JwksProvider, type TokenVerifier } from '#jwt-guard';
import {
  nowS,
  startAuth0StandIn,
  startIssuerServer,
  startClerkStandIn,
  startFirebaseStandIn,
  startOidcStandIn,
  type StandIn,
} from '../../../../test/support/stand-ins/index.js';
import { compileVerifier, rejectionOf, testClock } from '../../test/jwt-guard.helpers.js';

async function withStandIn(start: () => Promise<StandIn>, extraEnv: Record<string, string> = {}) {
  const standIn = await start();
  const { verifier, provider } = await compileVerifier({ ...standIn.env, ...extraEnv });
  return { standIn, verifier, provider };
}

const refusal = async (verifier: TokenVerifier, token: Promise<string>) =>
  rejectionOf(verifier.verify(await token));

describe('clerk', () => {
  let standIn: StandIn;
  let verifier: TokenVerifier;
  let provider: JwksProvider;
  beforeAll(async () => ({ standIn, verifier, provider } = await withStandIn(startClerkStandIn)));
  afterAll(() => standIn.close());

  it('accepts a session token v2 and maps the organisation role', async () => {
    expect(provider.issuer).toBe(standIn.issuer);
    const principal = await verifier.verify(
      await standIn.mint({ o: { id: 'org_1', rol: 'admin', slg: 'acme' } }),
    );
    expect(principal).toMatchObject({
      provider: 'clerk',
      issuer: standIn.issuer,
      roles: ['org:admin'],
    });
    expect(principal.sub).toMatch(/^user_/);
  });

  it('maps v1 org_role and org_permissions', async () => {
    const principal = await verifier.verify(
      await standIn.mint({ org_role: 'org:member', org_permissions: ['org:notes:read'] }),
    );
    expect(principal).toMatchObject({ roles: ['org:member'], scopes: ['org:notes:read'] });
  });

  it('checks azp against CLERK_AUTHORIZED_PARTIES and requires it when set', async () => {
    expect((await refusal(verifier, standIn.mint({ azp: 'https://evil.example' }))).code).toBe(
      'claim_invalid',
    );
    expect((await refusal(verifier, standIn.mint({ azp: undefined }))).code).toBe('claim_invalid');
  });

  it('warns once, through the Nest logger, when neither CLERK_AUTHORIZED_PARTIES nor JWT_AUDIENCE binds the tokens', async () => {
    const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    const unbound = /\[clerk\] neither CLERK_AUTHORIZED_PARTIES nor JWT_AUDIENCE is set/;
    const warnings = () => warn.mock.calls.filter(([message]) => unbound.test(String(message)));
    try {
      const { verifier: open } = await compileVerifier({
        AUTH_PROVIDER: 'clerk',
        CLERK_ISSUER: standIn.issuer,
      });
      // What the warning is about: a token for any other app of the instance passes.
      await open.verify(await standIn.mint({ azp: 'https://other-app.example' }));
      await open.verify(await standIn.mint());
      expect(warnings()).toHaveLength(1);
      expect(warn.mock.instances[0]).toBeInstanceOf(Logger);
      await compileVerifier(standIn.env);
      await compileVerifier({
        AUTH_PROVIDER: 'clerk',
        CLERK_ISSUER: standIn.issuer,
        JWT_AUDIENCE: 'https://api.test',
      });
      expect(warnings()).toHaveLength(1);
    } finally {
      warn.mockRestore();
    }
  });

  it('ignores aud unless JWT_AUDIENCE is set, then requires it', async () => {
    await expect(verifier.verify(await standIn.mint({ aud: 'whatever' }))).resolves.toBeDefined();
    const { verifier: strict } = await compileVerifier({
      ...standIn.env,
      JWT_AUDIENCE: 'https://api.test',
    });
    expect(await refusal(strict, standIn.mint())).toBeInstanceOf(InvalidTokenError);
    await expect(
      strict.verify(await standIn.mint({ aud: 'https://api.test' })),
    ).resolves.toBeDefined();
  });

  it('refuses nbf in the future, and any algorithm but RS256', async () => {
    expect((await refusal(verifier, standIn.mint({ nbf: nowS() + 120 }))).code).toBe(
      'claim_invalid',
    );
    const es = await startIssuerServer({ alg: 'ES256' });
    const token = es.sign({
      iss: standIn.issuer,
      sub: 'user_x',
      azp: 'http://localhost:5173',
      exp: nowS() + 60,
    });
    expect((await refusal(verifier, token)).code).toBe('algorithm_not_allowed');
    await es.close();
  });
});

describe('auth0', () => {
  let standIn: StandIn;
  let verifier: TokenVerifier;
  let provider: JwksProvider;
  beforeAll(async () => ({ standIn, verifier, provider } = await withStandIn(startAuth0StandIn)));
  afterAll(() => standIn.close());

  it('uses the issuer with its trailing slash and maps scope and permissions', async () => {
    expect(provider.issuer).toBe(standIn.issuer);
    expect(standIn.issuer.endsWith('/')).toBe(true);
    const principal = await verifier.verify(await standIn.mint());
    expect(principal.provider).toBe('auth0');
    expect(principal.sub).toMatch(/^auth0\|/);
    expect(principal.scopes).toEqual(
      expect.arrayContaining(['openid', 'read:notes', 'write:notes']),
    );
  });

  it('accepts aud as a string or an array, requires it, refuses the issuer without slash', async () => {
    await expect(
      verifier.verify(await standIn.mint({ aud: 'https://api.kit.test' })),
    ).resolves.toBeDefined();
    expect(await refusal(verifier, standIn.mint({ aud: undefined }))).toBeInstanceOf(
      InvalidTokenError,
    );
    expect(await refusal(verifier, standIn.mint({ aud: 'https://other.test' }))).toBeInstanceOf(
      InvalidTokenError,
    );
    expect(
      await refusal(verifier, standIn.mint({ iss: standIn.issuer.replace(/\/$/, '') })),
    ).toBeInstanceOf(InvalidTokenError);
  });
});

describe('firebase', () => {
  let standIn: StandIn;
  let verifier: TokenVerifier;
  let provider: JwksProvider;
  beforeAll(
    async () => ({ standIn, verifier, provider } = await withStandIn(startFirebaseStandIn)),
  );
  afterAll(() => standIn.close());

  it('accepts an ID token with x509-style kids and maps custom claims', async () => {
    expect(provider.issuer).toBe('https://securetoken.google.com/kit-test-project');
    expect(standIn.server.current.kid).toMatch(/^[0-9a-f]{40}$/);
    const principal = await verifier.verify(
      await standIn.mint({ role: 'editor', scope: 'notes:read' }),
    );
    expect(principal).toMatchObject({
      provider: 'firebase',
      emailVerified: true,
      roles: ['editor'],
      scopes: ['notes:read'],
    });
  });

  it.each([
    ['aud another project', { aud: 'other-project' }],
    ['iss of another project', { iss: 'https://securetoken.google.com/other-project' }],
    ['empty sub', { sub: '' }],
    ['sub over 128 characters', { sub: 'x'.repeat(129) }],
    ['no auth_time', { auth_time: undefined }],
    ['auth_time in the future', { auth_time: nowS() + 3600 }],
  ])('refuses %s', async (_name, claims) => {
    expect(await refusal(verifier, standIn.mint(claims))).toBeInstanceOf(InvalidTokenError);
  });
});

describe('oidc', () => {
  it('finds keys and algorithms through discovery (jwks_uri off the usual path)', async () => {
    const { standIn, verifier, provider } = await withStandIn(() =>
      startOidcStandIn({ alg: 'PS256' }),
    );
    try {
      const principal = await verifier.verify(await standIn.mint());
      expect(principal).toMatchObject({
        provider: 'oidc',
        scopes: ['notes.read', 'notes.write'],
        name: 'OIDC Tester',
      });
      expect(await provider.policy()).toMatchObject({
        algorithms: ['PS256'],
        issuer: [standIn.issuer],
      });
      expect(standIn.server.discoveryCount).toBe(1);
      expect(standIn.fetchCount).toBe(1);
      // Not advertised by discovery: refused.
      const other = await startOidcStandIn({ alg: 'ES256' });
      const foreign = await other.server.sign({
        iss: standIn.issuer,
        sub: 'x',
        aud: 'https://api.kit.test',
        exp: nowS() + 60,
      });
      expect((await rejectionOf(verifier.verify(foreign))).code).toBe('algorithm_not_allowed');
      await other.close();
    } finally {
      await standIn.close();
    }
  });

  it('caches discovery like keys: refreshed after max age, served stale while the provider is down', async () => {
    const standIn = await startOidcStandIn({ alg: 'EdDSA' });
    const clock = testClock();
    try {
      const { verifier } = await compileVerifier(standIn.env, { clock: clock.now });
      const token = await standIn.mint({}, { nowS: clock.nowS(), expiresInS: 7 * 86400 });
      await verifier.verify(token);
      await verifier.verify(token);
      expect([standIn.server.discoveryCount, standIn.fetchCount]).toEqual([1, 1]);
      standIn.server.setFault('down');
      clock.advance(601);
      await expect(verifier.verify(token)).resolves.toMatchObject({ provider: 'oidc' });
      expect([standIn.server.discoveryCount, standIn.fetchCount]).toEqual([2, 2]);
      standIn.server.setFault('ok');
      clock.advance(31);
      await verifier.verify(token);
      expect([standIn.server.discoveryCount, standIn.fetchCount]).toEqual([3, 3]);
    } finally {
      await standIn.close();
    }
  });

  it('refuses a discovery document naming another issuer (mix-up)', async () => {
    const server = await startIssuerServer({
      alg: 'RS256',
      discovery: (base) => ({
        issuer: 'https://attacker.example',
        jwks_uri: `${base}/.well-known/jwks.json`,
      }),
    });
    try {
      const { verifier } = await compileVerifier({
        AUTH_PROVIDER: 'oidc',
        OIDC_ISSUER: server.baseUrl,
      });
      const token = await server.sign({
        iss: 'https://attacker.example',
        sub: 'x',
        exp: nowS() + 60,
      });
      expect((await rejectionOf(verifier.verify(token))).code).toBe('keys_unavailable');
      expect(server.discoveryCount).toBe(1);
      expect(server.fetchCount).toBe(0);
    } finally {
      await server.close();
    }
  });

  describe("the discovered jwks_uri: on the issuer's host, https in production", () => {
    const onLocalhost = (base: string) =>
      `${base.replace('127.0.0.1', 'localhost')}/oauth2/v1/keys`;

    it("refuses a jwks_uri on another host than the issuer's, before fetching it", async () => {
      const standIn = await startOidcStandIn({ jwksUri: onLocalhost });
      try {
        const { verifier } = await compileVerifier(standIn.env);
        const refused = await rejectionOf(verifier.verify(await standIn.mint()));
        expect(refused.code).toBe('keys_unavailable');
        expect(refused.message).toMatch(/jwks_uri host "localhost" is not OIDC_ISSUER's host/);
        expect(standIn.server.discoveryCount).toBe(1);
        expect(standIn.fetchCount).toBe(0);
      } finally {
        await standIn.close();
      }
    });

    it('accepts it once the host is listed in OIDC_JWKS_HOSTS, or when JWKS_URL replaces it', async () => {
      const standIn = await startOidcStandIn({ jwksUri: onLocalhost });
      try {
        const listed = await compileVerifier({ ...standIn.env, OIDC_JWKS_HOSTS: 'localhost' });
        await expect(listed.verifier.verify(await standIn.mint())).resolves.toMatchObject({
          provider: 'oidc',
        });
        const pinned = await compileVerifier({ ...standIn.env, JWKS_URL: standIn.jwksUrl });
        await expect(pinned.verifier.verify(await standIn.mint())).resolves.toMatchObject({
          provider: 'oidc',
        });
      } finally {
        await standIn.close();
      }
    });

    it('refuses a plain-http jwks_uri outside loopback in production, unless JWKS_ALLOW_HTTP_HOSTS lists it', async () => {
      const standIn = await startOidcStandIn({ jwksUri: () => 'http://keys.idp.test/keys' });
      try {
        const env = {
          ...standIn.env,
          NODE_ENV: 'production',
          ALLOW_LOOPBACK_URLS: 'true',
          OIDC_JWKS_HOSTS: 'keys.idp.test',
        };
        const { verifier } = await compileVerifier(env);
        const refused = await rejectionOf(verifier.verify(await standIn.mint()));
        expect(refused.code).toBe('keys_unavailable');
        expect(refused.message).toMatch(
          /discovery jwks_uri must be an https:\/\/ URL when NODE_ENV=production/,
        );
        // Listed as an internal http host, it gets as far as fetching (the name does not resolve here).
        const allowed = await compileVerifier({ ...env, JWKS_ALLOW_HTTP_HOSTS: 'keys.idp.test' });
        const fetched = await rejectionOf(allowed.verifier.verify(await standIn.mint()));
        expect(fetched.message).toMatch(/\[oidc\] no keys/);
      } finally {
        await standIn.close();
      }
    });

    it("accepts a loopback http jwks_uri on the issuer's host in production", async () => {
      const standIn = await startOidcStandIn();
      try {
        const { verifier } = await compileVerifier({
          ...standIn.env,
          NODE_ENV: 'production',
          ALLOW_LOOPBACK_URLS: 'true',
        });
        await expect(verifier.verify(await standIn.mint())).resolves.toMatchObject({
          provider: 'oidc',
        });
      } finally {
        await standIn.close();
      }
    });
  });
});
