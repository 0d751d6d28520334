import type { BetterAuthPlugin } from 'better-auth';
import { genericOAuth, type GenericOAuthConfig } from 'better-auth/plugins/generic-oauth';
import type { GithubLogin, OidcLogin, SocialConfig } from '#config';

/** A sign-in button of the hosted pages: the provider id of `/sign-in/social` and its label. */
export interface LoginProvider {
  id: string;
  label: string;
}

/** Provider ids, also the last path segment of each callback URL (`/api/auth/callback/<id>`). */
export const SOCIAL_IDS = { github: 'github', google: 'google', oidc: 'oidc' } as const;

/** The configured providers, in button order. */
export function loginProviders(social: SocialConfig): LoginProvider[] {
  const providers: LoginProvider[] = [];
  if (social.github) providers.push({ id: SOCIAL_IDS.github, label: 'GitHub' });
  if (social.google) providers.push({ id: SOCIAL_IDS.google, label: 'Google' });
  if (social.oidc) providers.push({ id: SOCIAL_IDS.oidc, label: social.oidc.name });
  return providers;
}

interface GithubEmail {
  email: string;
  primary: boolean;
  verified: boolean;
}

async function githubGet<T>(url: string, accessToken: string): Promise<T | null> {
  const res = await fetch(url, {
    headers: {
      authorization: `Bearer ${accessToken}`,
      accept: 'application/vnd.github+json',
      'user-agent': 'nest-decoupled-auth-kit',
    },
    redirect: 'error',
    signal: AbortSignal.timeout(10_000),
  });
  return res.ok ? ((await res.json()) as T) : null;
}

/**
 * GitHub is OAuth 2.0 without OpenID Connect: the profile comes from its REST API and whether the
 * address is verified from `/user/emails` (the profile's public email says nothing about that).
 */
function github(c: GithubLogin): GenericOAuthConfig {
  return {
    providerId: SOCIAL_IDS.github,
    name: 'GitHub',
    clientId: c.clientId,
    clientSecret: c.clientSecret,
    authorizationUrl: `${c.webUrl}/login/oauth/authorize`,
    tokenUrl: `${c.webUrl}/login/oauth/access_token`,
    scopes: ['read:user', 'user:email'],
    pkce: true,
    async getUserInfo(tokens) {
      if (!tokens.accessToken) return null;
      const profile = await githubGet<{
        id: number;
        login: string;
        name?: string | null;
        email?: string | null;
        avatar_url?: string;
      }>(`${c.apiUrl}/user`, tokens.accessToken);
      if (!profile) return null;
      const emails =
        (await githubGet<GithubEmail[]>(`${c.apiUrl}/user/emails`, tokens.accessToken)) ?? [];
      const chosen =
        emails.find((e) => e.primary && e.verified) ??
        emails.find((e) => e.email === profile.email) ??
        emails.find((e) => e.primary);
      const email = chosen?.email ?? profile.email ?? undefined;
      return {
        id: String(profile.id),
        email,
        emailVerified: Boolean(chosen?.verified && chosen.email === email),
        name: profile.name || profile.login,
        image: profile.avatar_url,
      };
    },
  };
}

/**
 * An OpenID Provider found through discovery: authorization code with PKCE, state and nonce; the
 * id_token's signature (discovered JWKS), `iss`, `aud`, `exp`, `iat` and `nonce` are checked by
 * Better Auth before any claim is read (`requireIdTokenVerification` skips a provider whose
 * discovery names no keys).
 */
function openIdProvider(id: string, name: string, c: OidcLogin): GenericOAuthConfig {
  return {
    providerId: id,
    name,
    clientId: c.clientId,
    clientSecret: c.clientSecret,
    discoveryUrl: `${c.issuer}/.well-known/openid-configuration`,
    requireIdTokenVerification: true,
    scopes: ['openid', 'email', 'profile'],
    pkce: true,
  };
}

/**
 * A token answer without an id_token would fall back to the userinfo endpoint, skipping the
 * signature check: for OpenID providers the id_token is required, so the sign-in fails instead.
 */
function requireIdToken(ids: string[]): BetterAuthPlugin {
  return {
    id: 'require-id-token',
    init(ctx) {
      for (const provider of ctx.socialProviders) {
        if (!ids.includes(provider.id)) continue;
        const getUserInfo = provider.getUserInfo.bind(provider);
        provider.getUserInfo = (tokens) =>
          tokens.idToken ? getUserInfo(tokens) : Promise.resolve(null);
      }
    },
  };
}

/**
 * The plugins behind GitHub, Google and generic OpenID Connect sign-in, used through Better Auth's
 * own `/sign-in/social` and `/callback/<id>`. Better Auth's built-in github and google providers
 * hard-code their token and key URLs; these take them from configuration (GitHub Enterprise
 * Server, or a local stand-in in tests). Empty when no provider is configured.
 */
export function socialSignInPlugins(social: SocialConfig): BetterAuthPlugin[] {
  const config: GenericOAuthConfig[] = [];
  if (social.github) config.push(github(social.github));
  if (social.google) config.push(openIdProvider(SOCIAL_IDS.google, 'Google', social.google));
  if (social.oidc) config.push(openIdProvider(SOCIAL_IDS.oidc, social.oidc.name, social.oidc));
  if (!config.length) return [];
  const openId = config.filter((c) => c.discoveryUrl).map((c) => c.providerId);
  return [genericOAuth({ config }), requireIdToken(openId)];
}
