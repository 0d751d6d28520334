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
