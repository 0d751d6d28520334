/**
 * An MCP SDK OAuth client for e2e tests, and the user's part of the authorization code flow done
 * over plain HTTP against Better Auth's own endpoints (what the hosted pages call).
 *
 * @example
 * const provider = new TestOAuthProvider();
 * const transport = new StreamableHTTPClientTransport(new URL(endpoint), { authProvider: provider });
 * await expect(new Client(info).connect(transport)).rejects.toThrow(UnauthorizedError);
 * const { code } = await approveAuthorization(auth.url, provider.authorizationUrl!, user);
 * await transport.finishAuth(code!);
 */
import { createHash, randomBytes } from 'node:crypto';
import type { OAuthClientProvider } from '@modelcontextprotocol/sdk/client/auth.js';
import type {
  OAuthClientInformationMixed,
  OAuthClientMetadata,
  OAuthTokens,
} from '@modelcontextprotocol/sdk/shared/auth.js';

/** An in-memory {@link OAuthClientProvider}: a public client on a loopback redirect URI. */
export class TestOAuthProvider implements OAuthClientProvider {
  /** The last URL the SDK asked the user to open. */
  authorizationUrl?: URL;
  private info?: OAuthClientInformationMixed;
  private saved?: OAuthTokens;
  private verifier = '';

  /**
   * @param metadata overrides of the registration metadata. The default sends neither
   * `application_type` nor `grant_types`, as MCP SDK 1.32 and Inspector v1 clients do not.
   */
  constructor(
    private readonly metadata: Partial<OAuthClientMetadata> = {},
    readonly redirectUrl = 'http://127.0.0.1:33418/callback',
  ) {}

  get clientMetadata(): OAuthClientMetadata {
    return {
      client_name: 'kit e2e client',
      redirect_uris: [this.redirectUrl],
      token_endpoint_auth_method: 'none',
      ...this.metadata,
    };
  }

  clientInformation() {
    return this.info;
  }
  saveClientInformation(info: OAuthClientInformationMixed) {
    this.info = info;
  }
  tokens() {
    return this.saved;
  }
  saveTokens(tokens: OAuthTokens) {
    this.saved = tokens;
  }
  redirectToAuthorization(url: URL) {
    this.authorizationUrl = url;
  }
  saveCodeVerifier(verifier: string) {
    this.verifier = verifier;
  }
  codeVerifier() {
    return this.verifier;
  }
}

/** Where a Better Auth answer sends the browser: a 3xx `Location`, or `{ redirect, url }` for fetch callers. */
export async function redirectTarget(res: Response, base: string): Promise<URL> {
  const location = res.headers.get('location');
  if (res.status >= 300 && res.status < 400 && location) return new URL(location, base);
  const text = await res.text();
  let body: { url?: unknown; redirect_uri?: unknown } = {};
  try {
    body = JSON.parse(text) as typeof body;
  } catch {
    // not JSON: reported below
  }
  const url = body.url ?? body.redirect_uri;
  if (typeof url !== 'string') throw new Error(`no redirect in ${res.status} ${text}`);
  return new URL(url, base);
}

function cookiesOf(res: Response): string {
  return res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
}

/** What the user's browser ends with: the client's redirect URI with `code` or `error`. */
export interface AuthorizationOutcome {
  /** The final redirect to the client. */
  redirect: URL;
  code?: string;
  error?: string;
  /** The session cookie the sign-in set (for a second authorization as the same user). */
  cookie: string;
  /** The consent page URL the user was sent to, when consent was asked. */
  consentPage?: URL;
  /** The sign-in page URL the user was sent to, when they had to sign in (browser runs only). */
  signInPage?: URL;
}

export interface ApproveOptions {
  /** Allow (default) or deny on the consent page. */
  accept?: boolean;
  /** An existing session cookie: skip the sign-in. */
  cookie?: string;
}

/**
 * Plays the user for an authorization URL: follows it to the sign-in page, signs in with
 * `POST /api/auth/sign-in/email` carrying the page's signed `oauth_query`, then answers the consent
 * page with `POST /api/auth/oauth2/consent`, and returns where the browser lands at the client.
 */
export async function approveAuthorization(
  authUrl: string,
  authorizationUrl: URL,
  user: { email: string; password: string },
  options: ApproveOptions = {},
): Promise<AuthorizationOutcome> {
  const headers = { 'content-type': 'application/json', origin: authUrl };
  let cookie = options.cookie ?? '';
  let next = await redirectTarget(
    await fetch(authorizationUrl, { redirect: 'manual', headers: cookie ? { cookie } : {} }),
    authUrl,
  );
  if (next.pathname === '/sign-in') {
    const res = await fetch(`${authUrl}/api/auth/sign-in/email`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ ...user, oauth_query: next.search.slice(1) }),
    });
    cookie = cookiesOf(res);
    next = await redirectTarget(res, authUrl);
  }
  let consentPage: URL | undefined;
  if (next.pathname === '/consent') {
    consentPage = next;
    const res = await fetch(`${authUrl}/api/auth/oauth2/consent`, {
      method: 'POST',
      headers: { ...headers, cookie },
      body: JSON.stringify({ accept: options.accept ?? true, oauth_query: next.search.slice(1) }),
    });
    next = await redirectTarget(res, authUrl);
  }
  return {
    redirect: next,
    code: next.searchParams.get('code') ?? undefined,
    error: next.searchParams.get('error') ?? undefined,
    cookie,
    consentPage,
  };
}

/** A PKCE pair (RFC 7636, S256). */
export function pkcePair(): { verifier: string; challenge: string } {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

/** A public client (no secret) of the kit's auth server, on one redirect URI. */
export interface PublicClient {
  authUrl: string;
  clientId: string;
  redirectUri: string;
}

/**
 * Registers a public client through dynamic client registration (RFC 7591); `metadata` adds to or
 * overrides `redirect_uris` and `token_endpoint_auth_method: none`. Throws unless the server
 * registered it.
 */
export async function registerPublicClient(
  authUrl: string,
  redirectUri: string,
  metadata: Record<string, unknown> = {},
): Promise<PublicClient> {
  const res = await fetch(`${authUrl}/api/auth/oauth2/register`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      redirect_uris: [redirectUri],
      token_endpoint_auth_method: 'none',
      ...metadata,
    }),
  });
  const body = (await res.json()) as { client_id?: string };
  if (res.status !== 201 || !body.client_id) {
    throw new Error(`registration: ${res.status} ${JSON.stringify(body)}`);
  }
  return { authUrl, clientId: body.client_id, redirectUri };
}

/** The client's authorization URL: the code flow with the S256 `challenge`, `scope` and `extra`. */
export function authorizationUrl(
  client: PublicClient,
  challenge: string,
  scope: string,
  extra: Record<string, string> = {},
): URL {
  const url = new URL(`${client.authUrl}/api/auth/oauth2/authorize`);
  url.search = new URLSearchParams({
    response_type: 'code',
    client_id: client.clientId,
    redirect_uri: client.redirectUri,
    scope,
    code_challenge: challenge,
    code_challenge_method: 'S256',
    ...extra,
  }).toString();
  return url;
}

/** A form POST to the token endpoint as `client` (its `client_id` added). */
export async function tokenRequest(
  client: PublicClient,
  params: Record<string, string>,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(`${client.authUrl}/api/auth/oauth2/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ client_id: client.clientId, ...params }),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

/** Exchanges an authorization code for tokens (`authorization_code` grant with the PKCE verifier). */
export function exchangeCode(
  client: PublicClient,
  code: string,
  verifier: string,
): Promise<{ status: number; body: Record<string, unknown> }> {
  return tokenRequest(client, {
    grant_type: 'authorization_code',
    code,
    redirect_uri: client.redirectUri,
    code_verifier: verifier,
  });
}
