/**
 * An MCP SDK client that has never seen the kit signs in through OAuth 2.1: discovery from the
 * mcp server's 401, dynamic registration, sign-in and consent on the hosted pages in Chromium (a
 * few consent variants over HTTP, as the pages call it), tokens, tools as that user, refresh,
 * revocation, resources kept apart. Auth, mcp and api run in this process on one test database.
 */
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { UnauthorizedError } from '@modelcontextprotocol/sdk/client/auth.js';
import { decodeJwt, decodeProtectedHeader } from 'jose';
import {
  startAuthServer,
  type AuthServer,
  type SignedUpUser,
} from '../../../test/support/auth-server.js';
import type { Browser } from 'playwright-core';
import { approveInBrowser, launchChromium } from '../../../test/support/browser.js';
import { approveAuthorization, TestOAuthProvider } from '../../../test/support/oauth-client.js';
import { startApi, type StartedApi } from '../../api/test/api.harness.js';
import { reserveMcpUrl, startMcp, type StartedMcp } from './mcp.harness.js';

const API_URL = 'http://localhost:3000';
let auth: AuthServer;
let mcp: StartedMcp;
let api: StartedApi;
let user: SignedUpUser;
let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
  const mcpUrl = await reserveMcpUrl();
  // OAUTH_RESOURCES keeps its default: API_URL and MCP_URL + '/mcp'.
  auth = await startAuthServer({ MCP_URL: mcpUrl, API_URL });
  const shared = { AUTH_URL: auth.url, DATABASE_URL: auth.databaseUrl, API_URL };
  mcp = await startMcp({ ...shared, MCP_URL: mcpUrl });
  api = await startApi(shared);
  user = await auth.signUp({ name: 'Ada' });
});

afterAll(async () => {
  await browser?.close();
  await api?.close();
  await mcp?.close();
  await auth?.close();
});

const credentials = () => ({ email: user.user.email, password: user.password });

function transport(provider: TestOAuthProvider) {
  return new StreamableHTTPClientTransport(new URL(mcp.endpoint), { authProvider: provider });
}

/** Runs the whole flow for a new client and returns its provider, holding tokens. */
async function signedInClient(metadata = {}) {
  const provider = new TestOAuthProvider(metadata);
  const first = transport(provider);
  await expect(new Client({ name: 'e2e', version: '0' }).connect(first)).rejects.toThrow(
    UnauthorizedError,
  );
  // the person signs in and allows access on the hosted pages, in Chromium
  const outcome = await approveInBrowser(browser, provider.authorizationUrl!, credentials());
  expect(outcome.error).toBeUndefined();
  await first.finishAuth(outcome.code!);
  return { provider, outcome };
}

async function tokenRequest(params: Record<string, string>) {
  const res = await fetch(`${auth.url}/api/auth/oauth2/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(params),
  });
  return { status: res.status, body: (await res.json()) as Record<string, string> };
}

describe('an MCP SDK client signing in', () => {
  let provider: TestOAuthProvider;

  beforeAll(async () => {
    ({ provider } = await signedInClient());
  });

  it('found the auth server from the 401, registered itself and asked for the mcp resource with S256', () => {
    const url = provider.authorizationUrl!;
    expect(url.origin + url.pathname).toBe(`${auth.url}/api/auth/oauth2/authorize`);
    expect(url.searchParams.get('resource')).toBe(`${mcp.config.publicUrl}/mcp`);
    expect(url.searchParams.get('code_challenge_method')).toBe('S256');
    expect(provider.clientInformation()?.client_id).toEqual(expect.any(String));
  });

  it('holds a JWT access token for exactly the mcp resource, with the kit claims, and a refresh token', () => {
    const tokens = provider.tokens()!;
    expect(tokens.refresh_token).toEqual(expect.any(String));
    expect(decodeProtectedHeader(tokens.access_token).typ).toBe('at+jwt');
    const claims = decodeJwt(tokens.access_token);
    expect(claims).toMatchObject({
      iss: auth.url,
      aud: `${mcp.config.publicUrl}/mcp`,
      sub: user.user.id,
      email: user.user.email,
      email_verified: false,
      name: 'Ada',
      role: 'user',
      sid: expect.any(String),
    });
    expect(claims.exp! - claims.iat!).toBe(900);
    expect(String(claims.scope).split(' ')).toEqual(
      expect.arrayContaining(['notes:read', 'notes:write', 'offline_access']),
    );
  });

  it('calls tools as that user', async () => {
    const client = new Client({ name: 'e2e', version: '0' });
    await client.connect(transport(provider));
    const result = await client.callTool({ name: 'whoami' });
    const [content] = result.content as { text: string }[];
    expect(JSON.parse(content.text)).toMatchObject({ sub: user.user.id, email: user.user.email });
    const created = await client.callTool({
      name: 'create_note',
      arguments: { title: 'via oauth', body: 'hello' },
    });
    expect(created.isError).toBeFalsy();
    await client.close();
  });

  it('refreshes, and a reused rotated refresh token is refused and ends the family', async () => {
    const clientId = provider.clientInformation()!.client_id;
    const first = provider.tokens()!.refresh_token!;
    const resource = `${mcp.config.publicUrl}/mcp`;
    const rotated = await tokenRequest({
      grant_type: 'refresh_token',
      refresh_token: first,
      client_id: clientId,
      resource,
    });
    expect(rotated.status).toBe(200);
    expect(rotated.body.refresh_token).not.toBe(first);
    expect(decodeJwt(rotated.body.access_token).aud).toBe(resource);

    const replay = await tokenRequest({
      grant_type: 'refresh_token',
      refresh_token: first,
      client_id: clientId,
    });
    expect(replay.status).toBe(400);
    expect(replay.body.error).toBe('invalid_grant');
    // The replay revoked the token it had rotated to as well.
    const after = await tokenRequest({
      grant_type: 'refresh_token',
      refresh_token: rotated.body.refresh_token,
      client_id: clientId,
    });
    expect(after.body.error).toBe('invalid_grant');
  });
});

describe('refresh and revocation through the SDK', () => {
  it('the SDK refreshes on its own, and a revoked refresh token is refused', async () => {
    const { provider } = await signedInClient();
    const clientId = provider.clientInformation()!.client_id;
    const tokens = provider.tokens()!;
    // An expired access token: the SDK must use its refresh token, not ask the user again.
    provider.saveTokens({ ...tokens, access_token: 'expired' });
    const client = new Client({ name: 'e2e', version: '0' });
    await client.connect(transport(provider));
    expect((await client.callTool({ name: 'whoami' })).isError).toBeFalsy();
    await client.close();
    const refreshed = provider.tokens()!;
    expect(refreshed.access_token).not.toBe('expired');
    expect(refreshed.refresh_token).not.toBe(tokens.refresh_token);

    const revoke = await fetch(`${auth.url}/api/auth/oauth2/revoke`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        token: refreshed.refresh_token!,
        token_type_hint: 'refresh_token',
        client_id: clientId,
      }),
    });
    expect(revoke.status).toBe(200);
    const refused = await tokenRequest({
      grant_type: 'refresh_token',
      refresh_token: refreshed.refresh_token!,
      client_id: clientId,
    });
    expect(refused.status).toBe(400);
    expect(refused.body.error).toBe('invalid_grant');
  });
});

describe('consent', () => {
  it('a denied consent sends access_denied to the redirect URI, with the state', async () => {
    const provider = new TestOAuthProvider();
    await expect(
      new Client({ name: 'e2e', version: '0' }).connect(transport(provider)),
    ).rejects.toThrow(UnauthorizedError);
    const outcome = await approveInBrowser(browser, provider.authorizationUrl!, credentials(), {
      accept: false,
    });
    expect(outcome.redirect.origin + outcome.redirect.pathname).toBe(provider.redirectUrl);
    expect(outcome.error).toBe('access_denied');
    expect(outcome.code).toBeUndefined();
    expect(outcome.redirect.searchParams.get('state')).toBe(
      provider.authorizationUrl!.searchParams.get('state'),
    );
  });

  it('is remembered for the client and scopes; prompt=consent asks again', async () => {
    const { provider, outcome } = await signedInClient();
    expect(outcome.consentPage).toBeDefined();
    const again = await approveAuthorization(auth.url, provider.authorizationUrl!, credentials(), {
      cookie: outcome.cookie,
    });
    expect(again.consentPage).toBeUndefined();
    expect(again.code).toEqual(expect.any(String));

    const forced = new URL(provider.authorizationUrl!);
    forced.searchParams.set('prompt', 'consent');
    const asked = await approveAuthorization(auth.url, forced, credentials(), {
      cookie: outcome.cookie,
    });
    expect(asked.consentPage).toBeDefined();
    expect(asked.code).toEqual(expect.any(String));
  });
});

describe('scopes and resources', () => {
  it('a token without notes:write gets 403 insufficient_scope naming the scope to ask for', async () => {
    const { provider, outcome } = await signedInClient();
    const narrow = new URL(provider.authorizationUrl!);
    narrow.searchParams.set('scope', 'notes:read');
    const { code } = await approveAuthorization(auth.url, narrow, credentials(), {
      cookie: outcome.cookie,
    });
    const exchanged = await tokenRequest({
      grant_type: 'authorization_code',
      code: code!,
      redirect_uri: provider.redirectUrl,
      client_id: provider.clientInformation()!.client_id,
      code_verifier: provider.codeVerifier(),
    });
    expect(exchanged.status).toBe(200);
    const res = await fetch(mcp.endpoint, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${exchanged.body.access_token}`,
        'content-type': 'application/json',
        accept: 'application/json, text/event-stream',
      },
      body: JSON.stringify({
        jsonrpc: '2.0',
        id: 1,
        method: 'tools/call',
        params: { name: 'create_note', arguments: { title: 't', body: 'b' } },
      }),
    });
    expect(res.status).toBe(403);
    const challenge = res.headers.get('www-authenticate') ?? '';
    expect(challenge).toContain('error="insufficient_scope"');
    expect(challenge).toMatch(/scope="[^"]*notes:write[^"]*"/);
  });

  it('a token for the api is refused by mcp, and a token for mcp is refused by the api', async () => {
    const { provider, outcome } = await signedInClient();
    // A refresh token stays bound to its resource: a token for the api needs its own grant.
    const refused = await tokenRequest({
      grant_type: 'refresh_token',
      refresh_token: provider.tokens()!.refresh_token!,
      client_id: provider.clientInformation()!.client_id,
      resource: API_URL,
    });
    expect(refused.body.error).toBe('invalid_target');
    const apiGrant = new URL(provider.authorizationUrl!);
    apiGrant.searchParams.set('resource', API_URL);
    const { code } = await approveAuthorization(auth.url, apiGrant, credentials(), {
      cookie: outcome.cookie,
    });
    const forApi = await tokenRequest({
      grant_type: 'authorization_code',
      code: code!,
      redirect_uri: provider.redirectUrl,
      client_id: provider.clientInformation()!.client_id,
      code_verifier: provider.codeVerifier(),
      resource: API_URL,
    });
    expect(forApi.status).toBe(200);
    expect(decodeJwt(forApi.body.access_token).aud).toBe(API_URL);
    const mcpToken = provider.tokens()!.access_token;

    const me = (token: string) =>
      fetch(`${api.url}/me`, { headers: { authorization: `Bearer ${token}` } });
    expect((await me(forApi.body.access_token)).status).toBe(200);
    const refusedByApi = await me(mcpToken);
    expect(refusedByApi.status).toBe(401);
    expect(refusedByApi.headers.get('www-authenticate')).toContain('error="invalid_token"');

    const refusedByMcp = await fetch(mcp.endpoint, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${forApi.body.access_token}`,
        'content-type': 'application/json',
        accept: 'application/json, text/event-stream',
      },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list', params: {} }),
    });
    expect(refusedByMcp.status).toBe(401);
    expect(refusedByMcp.headers.get('www-authenticate')).toContain('error="invalid_token"');
  });
});
