/**
 * The auth server as an OAuth 2.1 authorization server, over real HTTP: discovery, CORS,
 * registration, PKCE rules, userinfo and introspection, and the unchanged session-to-JWT exchange.
 */
import { createHash } from 'node:crypto';
import { createRemoteJWKSet, decodeJwt, decodeProtectedHeader, jwtVerify } from 'jose';
import { PrismaService } from '#database';
import {
  startAuthServer,
  type AuthServer,
  type SignedUpUser,
} from '../../../test/support/auth-server.js';
import {
  approveAuthorization,
  pkcePair,
  redirectTarget,
  registerPublicClient,
} from '../../../test/support/oauth-client.js';

const MCP_RESOURCE = 'http://localhost:3002/mcp';
const REDIRECT = 'http://127.0.0.1:45123/callback';
let auth: AuthServer;
let user: SignedUpUser;

beforeAll(async () => {
  auth = await startAuthServer();
  user = await auth.signUp({ name: 'Grace' });
});
afterAll(() => auth?.close());

type Json = Record<string, unknown>;

async function getJson(path: string, headers: Record<string, string> = {}) {
  const res = await fetch(`${auth.url}${path}`, { headers });
  return { res, body: (await res.json()) as Json };
}

async function register(body: Json) {
  const res = await fetch(`${auth.url}/api/auth/oauth2/register`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Json };
}

function authorizeUrl(params: Record<string, string>) {
  return new URL(`${auth.url}/api/auth/oauth2/authorize?${new URLSearchParams(params).toString()}`);
}

async function publicClient(): Promise<string> {
  return (await registerPublicClient(auth.url, REDIRECT, { client_name: 'test' })).clientId;
}

describe('discovery', () => {
  const contractFields = [
    'issuer',
    'authorization_endpoint',
    'token_endpoint',
    'jwks_uri',
    'registration_endpoint',
    'revocation_endpoint',
    'introspection_endpoint',
    'response_types_supported',
    'grant_types_supported',
    'code_challenge_methods_supported',
    'scopes_supported',
    'token_endpoint_auth_methods_supported',
  ];

  it.each(['/.well-known/oauth-authorization-server', '/.well-known/openid-configuration'])(
    '%s carries a strong ETag and answers 304 to a client whose copy is current',
    async (path) => {
      const first = await fetch(`${auth.url}${path}`);
      const body = await first.text();
      const etag = first.headers.get('etag');
      expect(first.status).toBe(200);
      expect(etag).toMatch(/^"[A-Za-z0-9_-]{43}"$/);
      expect(first.headers.get('content-type')).toContain('application/json');
      expect(first.headers.get('cache-control')).toContain('max-age=');
      const again = await fetch(`${auth.url}${path}`);
      expect([again.headers.get('etag'), await again.text()]).toEqual([etag, body]);
      const current = await fetch(`${auth.url}${path}`, { headers: { 'if-none-match': etag! } });
      expect(current.status).toBe(304);
      expect(current.headers.get('etag')).toBe(etag);
      expect(await current.text()).toBe('');
      const stale = await fetch(`${auth.url}${path}`, { headers: { 'if-none-match': '"old"' } });
      expect(stale.status).toBe(200);
      expect(await stale.text()).toBe(body);
    },
  );

  it('serves RFC 8414 and OpenID documents for one issuer with the same endpoints', async () => {
    const as = await getJson('/.well-known/oauth-authorization-server');
    const oidc = await getJson('/.well-known/openid-configuration');
    expect(as.res.status).toBe(200);
    expect(oidc.res.status).toBe(200);
    for (const field of contractFields) {
      expect(as.body[field]).toBeDefined();
      expect(oidc.body[field]).toEqual(as.body[field]);
    }
    expect(as.body.issuer).toBe(auth.url);
    expect(as.body.authorization_endpoint).toBe(`${auth.url}/api/auth/oauth2/authorize`);
    expect(as.body.response_types_supported).toEqual(['code']);
    expect(as.body.code_challenge_methods_supported).toEqual(['S256']);
    expect(as.body.grant_types_supported).toEqual(['authorization_code', 'refresh_token']);
    expect(as.body.scopes_supported).toEqual(
      expect.arrayContaining([
        'openid',
        'profile',
        'email',
        'offline_access',
        'notes:read',
        'notes:write',
      ]),
    );
    expect(as.body.token_endpoint_auth_methods_supported).toContain('none');
    // OpenID Connect Discovery's required fields
    expect(oidc.body).toMatchObject({
      userinfo_endpoint: `${auth.url}/api/auth/oauth2/userinfo`,
      end_session_endpoint: `${auth.url}/api/auth/oauth2/end-session`,
      subject_types_supported: ['public'],
      id_token_signing_alg_values_supported: ['EdDSA'],
    });
  });

  it('advertises endpoints that answer', async () => {
    const { body } = await getJson('/.well-known/openid-configuration');
    const jwks = await fetch(body.jwks_uri as string);
    expect(jwks.status).toBe(200);
    expect(((await jwks.json()) as { keys: unknown[] }).keys.length).toBeGreaterThan(0);
    const userinfo = await fetch(body.userinfo_endpoint as string);
    expect(userinfo.status).toBe(401);
    const token = await fetch(body.token_endpoint as string, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'grant_type=authorization_code&code=nope&client_id=nope',
    });
    expect(token.status).toBeGreaterThanOrEqual(400);
    expect(token.status).toBeLessThan(500);
  });
});

describe('CORS for browser clients', () => {
  const origin = 'http://localhost:6274';

  it('answers preflights on the token, registration and revocation endpoints', async () => {
    for (const path of [
      '/api/auth/oauth2/token',
      '/api/auth/oauth2/register',
      '/api/auth/oauth2/revoke',
    ]) {
      const res = await fetch(`${auth.url}${path}`, {
        method: 'OPTIONS',
        headers: {
          origin,
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'content-type',
        },
      });
      expect(res.status).toBe(204);
      expect(res.headers.get('access-control-allow-origin')).toBe('*');
      expect(res.headers.get('access-control-allow-methods')).toContain('POST');
      expect(res.headers.get('access-control-allow-headers')).toContain('content-type');
    }
  });

  it('puts the header on metadata and on token answers, and a foreign origin is not refused', async () => {
    const meta = await getJson('/.well-known/oauth-authorization-server', { origin });
    expect(meta.res.headers.get('access-control-allow-origin')).toBe('*');
    const token = await fetch(`${auth.url}/api/auth/oauth2/token`, {
      method: 'POST',
      headers: { origin, 'content-type': 'application/x-www-form-urlencoded' },
      body: 'grant_type=authorization_code&code=nope&client_id=nope',
    });
    expect(token.headers.get('access-control-allow-origin')).toBe('*');
    expect(token.status).not.toBe(403);
    expect(((await token.json()) as Json).error).toEqual(expect.any(String));
  });

  it('does not open other routes', async () => {
    const res = await fetch(`${auth.url}/api/auth/get-session`, { headers: { origin } });
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
  });
});

describe('dynamic registration', () => {
  it.each(['http://127.0.0.1:9999/cb', 'http://localhost:9999/cb'])(
    'accepts a loopback redirect URI (%s) without application_type, as a native client with refresh',
    async (uri) => {
      const { status, body } = await register({
        redirect_uris: [uri],
        token_endpoint_auth_method: 'none',
      });
      expect(status).toBe(201);
      expect(body).toMatchObject({
        application_type: 'native',
        grant_types: ['authorization_code', 'refresh_token'],
        token_endpoint_auth_method: 'none',
      });
    },
  );

  it('keeps what the client sent, and refuses http redirect URIs off loopback', async () => {
    const web = await register({
      redirect_uris: ['https://app.example/cb'],
      token_endpoint_auth_method: 'none',
      grant_types: ['authorization_code'],
    });
    expect(web.status).toBe(201);
    expect(web.body).toMatchObject({
      application_type: 'web',
      grant_types: ['authorization_code'],
    });
    const bad = await register({
      redirect_uris: ['http://app.example/cb'],
      token_endpoint_auth_method: 'none',
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toBe('invalid_redirect_uri');
  });

  it('answers bad input with a 4xx JSON error', async () => {
    for (const body of [{}, { redirect_uris: 'nope' }, { redirect_uris: [42] }, []]) {
      const res = await register(body as Json);
      expect(res.status).toBe(400);
      expect(res.body.error).toEqual(expect.any(String));
    }
  });

  it('is off with OAUTH_DYNAMIC_REGISTRATION=false', async () => {
    const closed = await startAuthServer({
      DATABASE_URL: auth.databaseUrl,
      OAUTH_DYNAMIC_REGISTRATION: 'false',
    });
    try {
      const meta = (await (
        await fetch(`${closed.url}/.well-known/oauth-authorization-server`)
      ).json()) as Json;
      expect(meta.registration_endpoint).toBeUndefined();
      const res = await fetch(`${closed.url}/api/auth/oauth2/register`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ redirect_uris: [REDIRECT], token_endpoint_auth_method: 'none' }),
      });
      expect([401, 403]).toContain(res.status);
      // Nor through the session API, except for an admin.
      const createClient = (cookie: string) =>
        fetch(`${closed.url}/api/auth/oauth2/create-client`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', origin: closed.url, cookie },
          body: JSON.stringify({ redirect_uris: ['https://app.example/cb'] }),
        });
      const member = await closed.signUp();
      expect((await createClient(member.cookie)).status).toBe(401);
      await closed.setRole(member.user.id, 'admin');
      expect((await createClient(member.cookie)).status).toBe(201);
    } finally {
      await closed.close();
    }
  });
});

describe('PKCE', () => {
  it('refuses plain and missing code challenges at the redirect URI', async () => {
    const clientId = await publicClient();
    const base = {
      response_type: 'code',
      client_id: clientId,
      redirect_uri: REDIRECT,
      state: 'st',
    };
    const extras: Record<string, string>[] = [
      { code_challenge: 'a'.repeat(43), code_challenge_method: 'plain' },
      {},
    ];
    for (const extra of extras) {
      const res = await fetch(authorizeUrl({ ...base, ...extra }), {
        redirect: 'manual',
        headers: { cookie: user.cookie },
      });
      const target = await redirectTarget(res, auth.url);
      expect(target.origin + target.pathname).toBe(REDIRECT);
      expect(target.searchParams.get('error')).toBe('invalid_request');
      expect(target.searchParams.get('code')).toBeNull();
    }
  });

  it('refuses a code exchanged with the wrong verifier', async () => {
    const clientId = await publicClient();
    const { challenge } = pkcePair();
    const { code } = await approveAuthorization(
      auth.url,
      authorizeUrl({
        response_type: 'code',
        client_id: clientId,
        redirect_uri: REDIRECT,
        scope: 'openid notes:read',
        code_challenge: challenge,
        code_challenge_method: 'S256',
        resource: MCP_RESOURCE,
      }),
      { email: user.user.email, password: user.password },
    );
    const res = await fetch(`${auth.url}/api/auth/oauth2/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'authorization_code',
        code: code!,
        client_id: clientId,
        redirect_uri: REDIRECT,
        code_verifier: pkcePair().verifier,
      }),
    });
    const body = (await res.json()) as Json;
    expect(res.status).toBe(400);
    expect(body.error).toBe('invalid_grant');
    expect(body.access_token).toBeUndefined();
  });
});

describe('tokens of a confidential client', () => {
  it('userinfo and introspection describe the user and the token', async () => {
    const reg = await register({
      redirect_uris: ['https://app.example/cb'],
      token_endpoint_auth_method: 'client_secret_post',
      grant_types: ['authorization_code', 'refresh_token'],
    });
    expect(reg.status).toBe(201);
    const clientId = reg.body.client_id as string;
    const clientSecret = reg.body.client_secret as string;
    const { verifier, challenge } = pkcePair();
    const { code } = await approveAuthorization(
      auth.url,
      authorizeUrl({
        response_type: 'code',
        client_id: clientId,
        redirect_uri: 'https://app.example/cb',
        scope: 'openid email profile notes:read',
        code_challenge: challenge,
        code_challenge_method: 'S256',
        resource: MCP_RESOURCE,
      }),
      { email: user.user.email, password: user.password },
    );
    const tokenRes = await fetch(`${auth.url}/api/auth/oauth2/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'authorization_code',
        code: code!,
        client_id: clientId,
        client_secret: clientSecret,
        redirect_uri: 'https://app.example/cb',
        code_verifier: verifier,
      }),
    });
    const tokens = (await tokenRes.json()) as Json;
    expect(tokenRes.status).toBe(200);
    expect(tokens.id_token).toEqual(expect.any(String));
    // How the user signed in, as in session JWTs; still signed with a published key
    const jwks = createRemoteJWKSet(new URL(`${auth.url}/api/auth/jwks`));
    const { payload: access } = await jwtVerify(tokens.access_token as string, jwks, {
      typ: 'at+jwt',
    });
    expect(access).toMatchObject({ amr: ['pwd'], sid: expect.any(String) });
    expect(access.auth_time).toEqual(expect.any(Number));
    expect(access.auth_time).toBeLessThanOrEqual(access.iat!);
    // the ID token's at_hash follows the access token it came with
    const { payload: id } = await jwtVerify(tokens.id_token as string, jwks);
    const digest = createHash('sha512')
      .update(tokens.access_token as string)
      .digest();
    expect(id.at_hash).toBe(digest.subarray(0, 32).toString('base64url'));
    // With `openid`, the plugin adds its userinfo endpoint as a second audience.
    expect(decodeJwt(tokens.access_token as string).aud).toEqual([
      MCP_RESOURCE,
      `${auth.url}/api/auth/oauth2/userinfo`,
    ]);

    const info = await getJson('/api/auth/oauth2/userinfo', {
      authorization: `Bearer ${tokens.access_token as string}`,
    });
    expect(info.res.status).toBe(200);
    expect(info.body).toMatchObject({ sub: user.user.id, email: user.user.email, name: 'Grace' });

    const introspect = await fetch(`${auth.url}/api/auth/oauth2/introspect`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        token: tokens.access_token as string,
        client_id: clientId,
        client_secret: clientSecret,
      }),
    });
    const introspected = (await introspect.json()) as Json;
    expect(introspect.status).toBe(200);
    expect(introspected).toMatchObject({ active: true, sub: user.user.id });
  });
});

describe('RP-initiated logout', () => {
  it('ends the session named by the id_token_hint and returns to the registered URI', async () => {
    const reg = await register({
      redirect_uris: ['https://app.example/cb'],
      post_logout_redirect_uris: ['https://app.example/signed-out'],
      enable_end_session: true,
      token_endpoint_auth_method: 'client_secret_post',
    });
    expect(reg.status).toBe(201);
    const clientId = reg.body.client_id as string;
    const { verifier, challenge } = pkcePair();
    const { code, cookie } = await approveAuthorization(
      auth.url,
      authorizeUrl({
        response_type: 'code',
        client_id: clientId,
        redirect_uri: 'https://app.example/cb',
        scope: 'openid',
        code_challenge: challenge,
        code_challenge_method: 'S256',
      }),
      { email: user.user.email, password: user.password },
    );
    const tokens = (await (
      await fetch(`${auth.url}/api/auth/oauth2/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          grant_type: 'authorization_code',
          code: code!,
          client_id: clientId,
          client_secret: reg.body.client_secret as string,
          redirect_uri: 'https://app.example/cb',
          code_verifier: verifier,
        }),
      })
    ).json()) as Json;
    const sessionBefore = await getJson('/api/auth/get-session', { cookie });
    expect(sessionBefore.body).toMatchObject({ session: expect.any(Object) });

    const logout = new URL(`${auth.url}/api/auth/oauth2/end-session`);
    logout.search = new URLSearchParams({
      id_token_hint: tokens.id_token as string,
      post_logout_redirect_uri: 'https://app.example/signed-out',
      state: 'bye',
    }).toString();
    const res = await fetch(logout, { redirect: 'manual', headers: { cookie } });
    const target = await redirectTarget(res, auth.url);
    expect(target.origin + target.pathname).toBe('https://app.example/signed-out');
    expect(target.searchParams.get('state')).toBe('bye');
    const sessionAfter = await fetch(`${auth.url}/api/auth/get-session`, { headers: { cookie } });
    expect(await sessionAfter.json()).toBeNull();
  });
});

describe('a banned user', () => {
  it('gets no new access token from a refresh token', async () => {
    const banned = await auth.signUp();
    const clientId = await publicClient();
    const { verifier, challenge } = pkcePair();
    const { code } = await approveAuthorization(
      auth.url,
      authorizeUrl({
        response_type: 'code',
        client_id: clientId,
        redirect_uri: REDIRECT,
        scope: 'notes:read offline_access',
        code_challenge: challenge,
        code_challenge_method: 'S256',
        resource: MCP_RESOURCE,
      }),
      { email: banned.user.email, password: banned.password },
    );
    const token = (params: Record<string, string>) =>
      fetch(`${auth.url}/api/auth/oauth2/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ client_id: clientId, ...params }),
      });
    const first = (await (
      await token({
        grant_type: 'authorization_code',
        code: code!,
        redirect_uri: REDIRECT,
        code_verifier: verifier,
      })
    ).json()) as Json;
    expect(first.refresh_token).toEqual(expect.any(String));
    await auth.app
      .get(PrismaService)
      .user.update({ where: { id: banned.user.id }, data: { banned: true } });
    const res = await token({
      grant_type: 'refresh_token',
      refresh_token: first.refresh_token as string,
    });
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    expect(((await res.json()) as Json).access_token).toBeUndefined();
  });
});

describe('bad input on the OAuth endpoints', () => {
  it('answers 4xx JSON or an error redirect, never a 5xx', async () => {
    const form = { 'content-type': 'application/x-www-form-urlencoded' };
    const json = { 'content-type': 'application/json', origin: auth.url, cookie: user.cookie };
    const requests: [string, RequestInit][] = [
      ['/api/auth/oauth2/token', { method: 'POST', headers: form, body: 'grant_type=password' }],
      [
        '/api/auth/oauth2/token',
        {
          method: 'POST',
          headers: form,
          body: 'grant_type=refresh_token&refresh_token=x&client_id=y',
        },
      ],
      ['/api/auth/oauth2/token', { method: 'POST', headers: form, body: '%%%' }],
      ['/api/auth/oauth2/revoke', { method: 'POST', headers: form, body: 'token=' }],
      ['/api/auth/oauth2/introspect', { method: 'POST', headers: form, body: 'token=abc' }],
      ['/api/auth/oauth2/authorize?client_id=nope&response_type=code', { redirect: 'manual' }],
      ['/api/auth/oauth2/authorize?response_type=token', { redirect: 'manual' }],
      ['/api/auth/oauth2/consent', { method: 'POST', headers: json, body: '{"accept":true}' }],
      [
        '/api/auth/oauth2/consent',
        { method: 'POST', headers: json, body: '{"accept":true,"oauth_query":"a=b&sig=x"}' },
      ],
      ['/api/auth/oauth2/userinfo', { headers: { authorization: 'Bearer not-a-token' } }],
    ];
    for (const [path, init] of requests) {
      const res = await fetch(`${auth.url}${path}`, init);
      expect({ path, status: res.status < 500 }).toEqual({ path, status: true });
      expect(await res.text()).not.toMatch(/\bat .*\.(m?js|ts):\d+/);
    }
  });
});

describe('the session-to-JWT exchange', () => {
  it('still mints the kit JWT for a session, for both resource servers', async () => {
    const jwt = await auth.token(user.sessionToken);
    expect(decodeProtectedHeader(jwt).typ).toBeUndefined();
    expect(decodeJwt(jwt)).toMatchObject({
      iss: auth.url,
      aud: ['http://localhost:3000', 'http://localhost:3002'],
      sub: user.user.id,
      scope: 'notes:read notes:write',
    });
  });
});
