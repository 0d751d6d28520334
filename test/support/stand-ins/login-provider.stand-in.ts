import { createHash, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SignJWT, type JWTPayload } from 'jose';
import {
  makeSigningKey,
  randomKid,
  type SigningAlgorithm,
  type TestSigningKey,
} from './issuer.server.js';

/** Which protocol the stand-in speaks: GitHub's OAuth 2.0 + REST API, or OpenID Connect. */
export type LoginProtocol = 'github' | 'oidc';

/** The person the authorize endpoint signs in without asking (auto-approval). */
export interface StandInUser {
  sub: string;
  email: string;
  emailVerified: boolean;
  name: string;
}

/** How the token endpoint's id_token is spoiled, to prove the relying party checks it. */
export type IdTokenFault = 'none' | 'missing' | 'foreign-key' | 'wrong-audience' | 'wrong-nonce';

/** One authorization request as the provider received it. */
export type AuthorizeRequest = Record<string, string>;

export interface LoginProviderStandIn {
  baseUrl: string;
  clientId: string;
  clientSecret: string;
  /** Auth-server variables that switch this provider on (merge into its env). */
  env: Record<string, string>;
  /** Who the next authorizations sign in as. */
  user: StandInUser;
  setIdTokenFault(fault: IdTokenFault): void;
  /** Every authorization request received, oldest first. */
  readonly authorizeRequests: AuthorizeRequest[];
  /** Every token request received (form fields plus `authorization` header), oldest first. */
  readonly tokenRequests: Record<string, string>[];
  /** An id_token as the token endpoint would issue it (for id-token sign-in by mobile clients). */
  idToken(claims?: JWTPayload, options?: { key?: TestSigningKey }): Promise<string>;
  /** A key of the same algorithm that is never published. */
  unpublishedKey(): Promise<TestSigningKey>;
  close(): Promise<void>;
}

export interface LoginProviderOptions {
  protocol: LoginProtocol;
  /** Variable-name prefix and OIDC_LOGIN_NAME: `github` → GITHUB_*, `google` → GOOGLE_*, `oidc` → OIDC_LOGIN_*. */
  envAs: 'github' | 'google' | 'oidc';
  alg?: SigningAlgorithm;
  /** OIDC_LOGIN_NAME when `envAs` is oidc. */
  name?: string;
}

interface Grant {
  clientId: string;
  redirectUri: string;
  challenge?: string;
  nonce?: string;
  user: StandInUser;
}

const randomUser = (): StandInUser => {
  const id = randomBytes(6).toString('hex');
  return {
    sub: `u-${id}`,
    email: `${id}@idp.example.com`,
    emailVerified: true,
    name: 'Idp Person',
  };
};

async function readBody(request: IncomingMessage): Promise<string> {
  let text = '';
  for await (const chunk of request) text += String(chunk);
  return text;
}

function send(response: ServerResponse, status: number, body: unknown, type = 'application/json') {
  response.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
  response.end(typeof body === 'string' ? body : JSON.stringify(body));
}

/**
 * A local identity provider on 127.0.0.1 speaking the real protocol: authorization code with
 * state, PKCE (S256 checked at the token endpoint) and, for OpenID Connect, discovery, a JWKS,
 * signed id_tokens carrying the request's nonce, and userinfo. GitHub mode serves GitHub's paths
 * (`/login/oauth/authorize`, `/login/oauth/access_token`, `<api>/user`, `<api>/user/emails`).
 * The authorize endpoint approves at once as {@link LoginProviderStandIn.user}.
 */
export async function startLoginProviderStandIn(
  options: LoginProviderOptions,
): Promise<LoginProviderStandIn> {
  const alg = options.alg ?? 'RS256';
  const key = await makeSigningKey(alg, randomKid());
  const clientId = `client-${randomBytes(6).toString('hex')}`;
  const clientSecret = randomBytes(24).toString('base64url');
  const codes = new Map<string, Grant>();
  const accessTokens = new Map<string, StandInUser>();
  const authorizeRequests: AuthorizeRequest[] = [];
  const tokenRequests: Record<string, string>[] = [];
  let fault: IdTokenFault = 'none';
  // GitHub keys accounts by a numeric user id: one per person, as GitHub assigns them.
  const githubIds = new Map<string, number>();
  const githubId = (sub: string) => {
    if (!githubIds.has(sub)) githubIds.set(sub, 1_000_000 + githubIds.size);
    return githubIds.get(sub)!;
  };
  let baseUrl = '';
  const github = options.protocol === 'github';
  const paths = github
    ? { authorize: '/login/oauth/authorize', token: '/login/oauth/access_token' }
    : { authorize: '/oauth2/authorize', token: '/oauth2/token' };

  const state = {
    user: randomUser(),
  };

  const signIdToken = (claims: JWTPayload, signWith: TestSigningKey = key) =>
    new SignJWT(claims)
      .setProtectedHeader({ alg: signWith.alg, kid: signWith.kid, typ: 'JWT' })
      .sign(signWith.privateKey);

  const idTokenClaims = (grant: Grant): JWTPayload => {
    const now = Math.floor(Date.now() / 1000);
    return {
      iss: baseUrl,
      sub: grant.user.sub,
      aud: fault === 'wrong-audience' ? 'someone-else' : grant.clientId,
      iat: now,
      exp: now + 300,
      nonce: fault === 'wrong-nonce' ? 'not-the-nonce' : grant.nonce,
      email: grant.user.email,
      email_verified: grant.user.emailVerified,
      name: grant.user.name,
    };
  };

  const authorize = (url: URL, response: ServerResponse) => {
    const q = Object.fromEntries(url.searchParams);
    authorizeRequests.push(q);
    if (q.client_id !== clientId || !q.redirect_uri || q.response_type !== 'code') {
      return send(response, 400, { error: 'invalid_request' });
    }
    if (q.code_challenge && q.code_challenge_method !== 'S256') {
      return send(response, 400, { error: 'invalid_request' });
    }
    const code = randomBytes(16).toString('base64url');
    codes.set(code, {
      clientId,
      redirectUri: q.redirect_uri,
      challenge: q.code_challenge,
      nonce: q.nonce,
      user: { ...state.user },
    });
    const back = new URL(q.redirect_uri);
    back.searchParams.set('code', code);
    if (q.state) back.searchParams.set('state', q.state);
    if (!github) back.searchParams.set('iss', baseUrl);
    response.writeHead(302, { location: back.href });
    response.end();
  };

  const token = async (request: IncomingMessage, response: ServerResponse) => {
    const form = Object.fromEntries(new URLSearchParams(await readBody(request)));
    const basic = request.headers.authorization;
    tokenRequests.push({ ...form, authorization: basic ?? '' });
    let [id, secret] = [form.client_id, form.client_secret];
    if (basic?.startsWith('Basic ')) {
      [id, secret] = Buffer.from(basic.slice(6), 'base64')
        .toString()
        .split(':')
        .map((part) => decodeURIComponent(part));
    }
    const grant = codes.get(form.code ?? '');
    codes.delete(form.code ?? '');
    const verifierOk =
      !grant?.challenge ||
      createHash('sha256')
        .update(form.code_verifier ?? '')
        .digest('base64url') === grant.challenge;
    if (id !== clientId || secret !== clientSecret)
      return send(response, 401, { error: 'invalid_client' });
    if (
      form.grant_type !== 'authorization_code' ||
      !grant ||
      grant.redirectUri !== form.redirect_uri ||
      !verifierOk
    ) {
      return send(response, 400, { error: 'invalid_grant' });
    }
    const accessToken = randomBytes(20).toString('base64url');
    accessTokens.set(accessToken, grant.user);
    const answer: Record<string, unknown> = {
      access_token: accessToken,
      token_type: 'bearer',
      scope: 'openid email profile',
    };
    if (!github && fault !== 'missing') {
      const claims = idTokenClaims(grant);
      answer.id_token = await signIdToken(
        claims,
        fault === 'foreign-key' ? await makeSigningKey(alg, key.kid) : key,
      );
    }
    // GitHub answers form-encoded unless asked for JSON; Better Auth asks for JSON.
    if (github && !String(request.headers.accept).includes('json')) {
      return send(
        response,
        200,
        new URLSearchParams(answer as Record<string, string>).toString(),
        'application/x-www-form-urlencoded',
      );
    }
    send(response, 200, answer);
  };

  const bearerUser = (request: IncomingMessage) => {
    const header = request.headers.authorization ?? '';
    return accessTokens.get(header.replace(/^(Bearer|token) /i, ''));
  };

  const handle = async (request: IncomingMessage, response: ServerResponse) => {
    const url = new URL(request.url ?? '/', baseUrl);
    if (request.method === 'GET' && url.pathname === paths.authorize)
      return authorize(url, response);
    if (request.method === 'POST' && url.pathname === paths.token) return token(request, response);
    if (github && url.pathname.startsWith('/api/')) {
      const user = bearerUser(request);
      if (!user) return send(response, 401, { message: 'Bad credentials' });
      if (url.pathname === '/api/user') {
        return send(response, 200, {
          id: githubId(user.sub),
          login: user.name.replace(/\s+/g, '-').toLowerCase(),
          name: user.name,
          email: null, // a private address: only /user/emails names it
          avatar_url: `${baseUrl}/avatars/${user.sub}`,
        });
      }
      if (url.pathname === '/api/user/emails') {
        return send(response, 200, [
          {
            email: `${user.sub}@users.noreply.github.com`,
            primary: false,
            verified: true,
            visibility: null,
          },
          { email: user.email, primary: true, verified: user.emailVerified, visibility: 'private' },
        ]);
      }
    }
    if (!github && url.pathname === '/.well-known/openid-configuration') {
      return send(response, 200, {
        issuer: baseUrl,
        authorization_endpoint: `${baseUrl}${paths.authorize}`,
        token_endpoint: `${baseUrl}${paths.token}`,
        userinfo_endpoint: `${baseUrl}/oauth2/userinfo`,
        jwks_uri: `${baseUrl}/oauth2/keys`,
        response_types_supported: ['code'],
        subject_types_supported: ['public'],
        id_token_signing_alg_values_supported: [alg],
        code_challenge_methods_supported: ['S256'],
        scopes_supported: ['openid', 'email', 'profile'],
        token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
      });
    }
    if (!github && url.pathname === '/oauth2/keys')
      return send(response, 200, { keys: [key.publicJwk] });
    if (!github && url.pathname === '/oauth2/userinfo') {
      const user = bearerUser(request);
      if (!user) return send(response, 401, { error: 'invalid_token' });
      return send(response, 200, {
        sub: user.sub,
        email: user.email,
        email_verified: user.emailVerified,
        name: user.name,
      });
    }
    send(response, 404, { error: 'not_found' });
  };

  const server = createServer((request, response) => {
    handle(request, response).catch(() => send(response, 500, { error: 'server_error' }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const env: Record<string, string> =
    options.envAs === 'github'
      ? {
          GITHUB_CLIENT_ID: clientId,
          GITHUB_CLIENT_SECRET: clientSecret,
          GITHUB_URL: baseUrl,
          GITHUB_API_URL: `${baseUrl}/api`,
        }
      : options.envAs === 'google'
        ? { GOOGLE_CLIENT_ID: clientId, GOOGLE_CLIENT_SECRET: clientSecret, GOOGLE_ISSUER: baseUrl }
        : {
            OIDC_LOGIN_ISSUER: baseUrl,
            OIDC_LOGIN_CLIENT_ID: clientId,
            OIDC_LOGIN_CLIENT_SECRET: clientSecret,
            OIDC_LOGIN_NAME: options.name ?? 'Company SSO',
          };

  return {
    baseUrl,
    clientId,
    clientSecret,
    env,
    get user() {
      return state.user;
    },
    set user(next: StandInUser) {
      state.user = next;
    },
    setIdTokenFault(next) {
      fault = next;
    },
    get authorizeRequests() {
      return authorizeRequests;
    },
    get tokenRequests() {
      return tokenRequests;
    },
    idToken(claims = {}, signOptions = {}) {
      const now = Math.floor(Date.now() / 1000);
      return signIdToken(
        {
          iss: baseUrl,
          sub: state.user.sub,
          aud: clientId,
          iat: now,
          exp: now + 300,
          email: state.user.email,
          email_verified: state.user.emailVerified,
          name: state.user.name,
          ...claims,
        },
        signOptions.key,
      );
    },
    unpublishedKey: () => makeSigningKey(alg, randomKid()),
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
