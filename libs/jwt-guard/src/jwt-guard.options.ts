import type { JwtEnvConfig } from '#config';
import type { JwksProvider } from './jwks.provider.js';
import type { VerifiedTokenCacheOptions } from './verified-token.cache.js';

/** Options of {@link JwtGuardModule}. */
export interface JwtGuardModuleOptions {
  /** The `jwt` section of `loadResourceConfig(...)`: provider, issuer, audience, cache tuning. */
  jwt: JwtEnvConfig;
  /** `WWW-Authenticate` realm. Default: the first accepted audience (the app's own URL). */
  realm?: string;
  /** When set, every challenge carries `resource_metadata="..."` (RFC 9728; the MCP server). */
  resourceMetadataUrl?: string;
  /** Register {@link JwtAuthGuard} as a global guard: every route needs a token unless `@Public()`. Default true. */
  globalGuard?: boolean;
  /**
   * Your own key provider instead of the one `jwt.provider` names (e.g. keys from a vault, a
   * provider the kit does not know). Inject what it needs in `forRootAsync`'s `useFactory`.
   */
  jwksProvider?: JwksProvider;
  /**
   * Cache of verified tokens (SHA-256 of the token → principal), so a client that repeats its token
   * skips the signature check until the token's `exp` or `maxTtlS` (default 60 s), whichever is
   * first; at most `maxEntries` (default 10 000). `{ maxEntries: 0 }` turns it off.
   */
  verifiedTokenCache?: VerifiedTokenCacheOptions;
  /** Current time in ms since the epoch. For tests with a controlled clock; default `Date.now`. */
  clock?: () => number;
}
