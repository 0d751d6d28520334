import { oauthProvider, type OAuthOptions, type Scope } from '@better-auth/oauth-provider';
import { APIError } from 'better-auth/api';
import type { AuthConfig } from '#config';
import { currentUserClaims, type TokenUser } from '../auth/token-user.js';
import { organizationClaims, type FindMemberRole } from '../organizations/organization.claims.js';
import { cimdDiscovery } from './cimd/cimd.discovery.js';
import { ADVERTISED_CLAIMS, OAUTH_SCOPES } from './oauth.scopes.js';
import { offlineAccessForRefreshClients } from './oauth.offline-access.js';
import { oauthTokenErrors } from './oauth.token-errors.js';
import { oauthAcrValues } from './oauth.acr.js';
import { oauthRegistrationDefaults } from './oauth.registration.js';
import { oauthSessionClaimsPlugin } from './oauth.session-claims.js';

/** Hosted page the authorization endpoint sends a signed-out user to (with the signed OAuth query). */
export const LOGIN_PAGE = '/sign-in';
/** Hosted page the authorization endpoint sends a user to when the client needs their consent. */
export const CONSENT_PAGE = '/consent';

type TokenUserRow = TokenUser & { id: string };
const userClaims = currentUserClaims();

/**
 * Options of Better Auth's OAuth 2.1 provider for this kit:
 * - authorization code with PKCE (`S256` only, the plugin has no `plain`) for every client, plus
 *   refresh tokens; no client credentials grant;
 * - access tokens are JWTs signed with the jwt plugin's keys when the request names one of
 *   `OAUTH_RESOURCES` (RFC 8707), with `aud` = that resource and the kit's claims;
 * - refresh tokens rotate at every use; reusing a rotated one revokes every refresh token of that
 *   client and user (the plugin's replay rule, reuse interval 0);
 * - consent is stored per client, user and scopes; `prompt=consent` asks again;
 * - open RFC 7591 registration while `OAUTH_DYNAMIC_REGISTRATION` is on.
 */
export function oauthProviderOptions(
  config: AuthConfig,
  findRole?: FindMemberRole,
): OAuthOptions<Scope[]> {
  const { oauth } = config;
  const orgClaims = findRole ? organizationClaims(findRole) : undefined;
  return {
    scopes: OAUTH_SCOPES,
    grantTypes: ['authorization_code', 'refresh_token'],
    loginPage: LOGIN_PAGE,
    consentPage: CONSENT_PAGE,
    signup: { page: '/sign-up' },
    accessTokenExpiresIn: oauth.accessTokenTtlS,
    refreshTokenExpiresIn: oauth.refreshTokenTtlS,
    refreshTokenReuseInterval: 0,
    resources: oauth.resources.map((identifier) => ({
      identifier,
      name: identifier,
      accessTokenTtl: oauth.accessTokenTtlS,
      refreshTokenTtl: oauth.refreshTokenTtlS,
      // Must not be empty: an empty list allows nothing.
      allowedScopes: [...OAUTH_SCOPES],
    })),
    // Rows follow the configuration at each start, so a changed TTL takes effect.
    resourceSeedMode: 'overwrite',
    // ...and so are read once per process instead of at every token (the plugin's own cache; its
    // admin endpoints, which would clear it, are server-only and unused here)
    cachedResources: new Set(oauth.resources),
    // Every client may ask for every configured resource; the `aud` still names exactly one.
    enforcePerClientResources: false,
    allowDynamicClientRegistration: oauth.dynamicRegistration,
    allowUnauthenticatedClientRegistration: oauth.dynamicRegistration,
    clientRegistrationDefaultScopes: OAUTH_SCOPES,
    // Managing clients through the session API (`/oauth2/create-client`, `get-clients`, ...) is for
    // admins; anyone may still register while dynamic registration is on (signed in or not).
    clientPrivileges: ({ user, action }) =>
      user?.role === 'admin' || (action === 'create' && oauth.dynamicRegistration),
    advertisedMetadata: { claims_supported: ADVERTISED_CLAIMS },
    // The kit's claims (the same as its session JWTs); `scope`, `sid`, `aud` come from the grant.
    // The plugin passes the user row as read for this grant: a banned user gets no token.
    // The grant's reference is the organization active when the user consented: its `org_id` and
    // the user's role in it as of this mint (refreshes included) go into the access token.
    customAccessTokenClaims: async ({ user, referenceId }) => {
      if (!user) return {};
      const { scope: _sessionScope, ...claims } = await userClaims({ user: user });
      return { ...claims, ...(orgClaims ? await orgClaims(user.id, referenceId) : {}) };
    },
    // No extra page after sign-in: the consent (and so every token of the grant) is tied to the
    // session's active organization, if any; another active organization asks for consent again.
    postLogin: {
      page: CONSENT_PAGE,
      shouldRedirect: () => false,
      consentReferenceId: ({ session }) =>
        (session?.activeOrganizationId as string | null | undefined) ?? undefined,
    },
    customUserInfoClaims: ({ user }) => ({ role: (user as TokenUserRow).role ?? 'user' }),
  };
}

type OAuthProviderPlugin = ReturnType<typeof oauthProvider>;

/**
 * The plugin seeds `resources` rows at init, which fails while the database is down, and a failed
 * init fails every request. It also seeds lazily at first use: so boot without seeding when the
 * database is unavailable, and leave the rows to that first use.
 */
function seedLaterWhileDatabaseDown(plugin: OAuthProviderPlugin): OAuthProviderPlugin {
  const init = plugin.init.bind(plugin);
  plugin.init = async (ctx) => {
    try {
      return await init(ctx);
    } catch (error) {
      if (!(error instanceof APIError && error.statusCode === 503)) throw error;
      const { resources } = plugin.options;
      plugin.options.resources = undefined;
      try {
        return await init(ctx);
      } finally {
        plugin.options.resources = resources;
      }
    }
  };
  return plugin;
}

/**
 * The OAuth provider and what today's MCP clients need of it (registration defaults, refresh
 * tokens without `offline_access`), for `createAuth`'s plugin list.
 */
export function oauthProviderPlugins(config: AuthConfig, findRole?: FindMemberRole) {
  const options = oauthProviderOptions(config, findRole);
  // Client ID Metadata Documents register through the plugin's resolved options, known once built.
  const discovery = cimdDiscovery(() => provider.options, config.oauth.cimd);
  options.extensions = [{ clientDiscovery: discovery }];
  const provider = seedLaterWhileDatabaseDown(oauthProvider(options));
  return [
    provider,
    oauthRegistrationDefaults(),
    offlineAccessForRefreshClients(),
    oauthAcrValues(),
    oauthTokenErrors(),
    oauthSessionClaimsPlugin(),
  ] as const;
}
