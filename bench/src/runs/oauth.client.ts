/**
 * The OAuth client side of the bench, over plain HTTP: a public client registered on the auth
 * server, authorization codes got the way tests get them (authorize, sign-in, consent; no
 * browser), and refresh tokens from exchanging some of them.
 */
import { createHash, randomBytes } from 'node:crypto';
import { approveAuthorization } from '../../../test/support/oauth-client.js';
import type { BenchUser } from './auth.client.js';

const REDIRECT = 'http://127.0.0.1:45999/callback';

/** A registered public client and the PKCE pair every one of its authorizations uses. */
export interface BenchOAuthClient {
  authUrl: string;
  clientId: string;
  /** The resource (RFC 8707) tokens are asked for: JWT access tokens, as MCP clients get. */
  resource: string;
  verifier: string;
  challenge: string;
}

/** Registers a public client with both grants (without `grant_types` there is no refresh grant). */
export async function registerClient(authUrl: string, resource: string): Promise<BenchOAuthClient> {
  const res = await fetch(`${authUrl}/api/auth/oauth2/register`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      client_name: 'bench',
      redirect_uris: [REDIRECT],
      token_endpoint_auth_method: 'none',
      application_type: 'native',
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
    }),
  });
  const body = (await res.json()) as { client_id?: string };
  if (res.status !== 201 || !body.client_id) {
    throw new Error(`client registration answered ${res.status}: ${JSON.stringify(body)}`);
  }
  const verifier = randomBytes(32).toString('base64url');
  const challenge = createHash('sha256').update(verifier).digest('base64url');
  return { authUrl, clientId: body.client_id, resource, verifier, challenge };
}

/** One authorization code for `user` (signed in by `user.cookie`), with `offline_access`. */
export async function authorizationCode(
  client: BenchOAuthClient,
  user: BenchUser,
): Promise<string> {
  const url = new URL(`${client.authUrl}/api/auth/oauth2/authorize`);
  url.search = new URLSearchParams({
    response_type: 'code',
    client_id: client.clientId,
    redirect_uri: REDIRECT,
    scope: 'notes:read offline_access',
    code_challenge: client.challenge,
    code_challenge_method: 'S256',
    resource: client.resource,
    state: randomBytes(8).toString('hex'),
  }).toString();
  const outcome = await approveAuthorization(client.authUrl, url, user, { cookie: user.cookie });
  if (!outcome.code) throw new Error(`authorization gave no code: ${outcome.redirect.href}`);
  return outcome.code;
}

/** The form of an `authorization_code` grant for `code`. */
export function codeGrantBody(client: BenchOAuthClient, code: string): string {
  return new URLSearchParams({
    grant_type: 'authorization_code',
    code,
    redirect_uri: REDIRECT,
    code_verifier: client.verifier,
    client_id: client.clientId,
    resource: client.resource,
  }).toString();
}

/** The fields of a `refresh_token` grant besides the token itself. */
export function refreshForm(client: BenchOAuthClient): Record<string, string> {
  return { client_id: client.clientId, resource: client.resource };
}

/** The token endpoint's URL. */
export function tokenEndpoint(authUrl: string): string {
  return `${authUrl}/api/auth/oauth2/token`;
}

/** Exchanges a code and returns the refresh token (throws unless the grant succeeds with one). */
export async function refreshTokenOf(client: BenchOAuthClient, code: string): Promise<string> {
  const res = await fetch(tokenEndpoint(client.authUrl), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: codeGrantBody(client, code),
  });
  const body = (await res.json()) as { refresh_token?: string; access_token?: string };
  if (res.status !== 200 || !body.refresh_token) {
    throw new Error(`authorization_code grant answered ${res.status}: ${JSON.stringify(body)}`);
  }
  return body.refresh_token;
}

/** Runs `task` for 0..count-1, `parallel` at a time, in order of start. */
export async function inBatches<T>(
  count: number,
  parallel: number,
  task: (i: number) => Promise<T>,
): Promise<T[]> {
  const out: T[] = new Array<T>(count);
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const i = next++;
      out[i] = await task(i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(parallel, count) }, worker));
  return out;
}
