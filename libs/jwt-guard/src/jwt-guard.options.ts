import type { JWTPayload } from 'jose';
import type { JwksProvider } from './jwks.provider.js';
import type { Principal } from './principal.js';
import type { ProviderSettings } from './provider.settings.js';
import type { VerifiedTokenCacheOptions } from './verified-token.cache.js';

/**
 * Options of {@link JwtGuardModule}: the guard's own, independent of any environment. Give either
 * `provider` (a built-in key source) or `jwksProvider` (yours, or the testing kit's).
 * @example
 * JwtGuardModule.forRoot({ jwksProvider: myKeys, realm: 'https://api.example.com' })
 */
export interface JwtGuardModuleOptions {
  /** A built-in key source (local, Clerk, Auth0, Firebase, OIDC discovery, any JWKS URL). */
  provider?: ProviderSettings;
  /**
   * Your own key source instead of a built-in one (keys from a vault, an issuer the kit does not
   * know, the testing kit's issuer). Inject what it needs in `forRootAsync`'s `useFactory`.
   */
  jwksProvider?: JwksProvider;
  /** Seconds of clock skew accepted on `exp`/`nbf`/`iat`. Default: `provider.clockToleranceS`, else 5. */
  clockToleranceS?: number;
  /** `WWW-Authenticate` realm. Default: the first accepted audience, else `api`. */
  realm?: string;
  /** When set, every challenge carries `resource_metadata="..."` (RFC 9728; the MCP server). */
  resourceMetadataUrl?: string;
  /**
   * Scopes named in every 401 challenge without one of its own (`scope="..."`), so a client knows
   * what to ask for (the MCP authorization spec asks for it).
   */
  challengeScopes?: string[];
  /** Register {@link JwtAuthGuard} as a global guard: every route needs a token unless `@Public()`. Default true. */
  globalGuard?: boolean;
  /**
   * Replaces the key source's claim mapping: receives the verified payload and what the key
   * source mapped, returns the principal handlers see.
   */
  mapPrincipal?: (payload: JWTPayload, mapped: Principal) => Principal;
  /**
   * Cache of verified tokens (SHA-256 of the token → principal), so a client that repeats its token
   * skips the signature check until the token's `exp` or `maxTtlS` (default 60 s), whichever is
   * first; at most `maxEntries` (default 10 000), from a token's second use (`admission`).
   * `{ maxEntries: 0 }` turns it off.
   */
  verifiedTokenCache?: VerifiedTokenCacheOptions;
  /** Current time in ms since the epoch. For tests with a controlled clock; default `Date.now`. */
  clock?: () => number;
}
