import type { KeySourceRules } from './key-sources.js';

/** The key sources the guard knows how to configure itself. */
export type BuiltInProviderName = 'local' | 'clerk' | 'auth0' | 'firebase' | 'oidc' | 'custom';

/**
 * Settings of a built-in key source: which issuer to trust, where its keys live and how hard to
 * cache them. The guard's own type: build it by hand, or from the environment with libs/config's
 * `jwtGuardOptions(config)`.
 * @example
 * const settings: ProviderSettings = {
 *   provider: 'custom', issuer: 'https://id.example.com', jwksUrl: 'https://id.example.com/jwks',
 *   authUrl: 'https://id.example.com', audience: ['https://api.example.com'], audienceConfigured: true,
 *   clockToleranceS: 30, keySources: { requireHttps: true, allowHttpHosts: [] },
 *   cache?: { maxAgeS: 600, cooldownS: 30, timeoutMs: 5000, staleIfErrorS: 3600 },
 *   clerk?: {}, auth0: {}, firebase: {}, oidc: { jwksHosts: [] },
 * };
 */
export interface ProviderSettings {
  /** Which built-in key source to use. */
  provider: BuiltInProviderName;
  /** The kit's auth server (the `local` issuer and its JWKS at `<authUrl>/api/auth/jwks`). */
  authUrl?: string;
  /** Overrides where keys are fetched from (every provider has a default but `custom`). */
  jwksUrl?: string;
  /** Overrides the expected `iss` (exact match). */
  issuer?: string;
  /** Accepted `aud` values (a token's must intersect). The first is the default challenge realm. */
  audience: string[];
  /** Whether `audience` was chosen explicitly (Clerk checks `aud` only then). Default true. */
  audienceConfigured?: boolean;
  /** Accepted `alg` values; default per provider (asymmetric only). */
  algorithms?: string[];
  /** Seconds of clock skew accepted on `exp`, `nbf`, `iat`, `auth_time`. */
  clockToleranceS?: number;
  /** Where keys and discovery may be fetched from (https-only in production). */
  keySources?: KeySourceRules;
  /** Key-set cache tuning. */
  cache?: {
    /** Longest a fetched key set is used before it is fetched again. */
    maxAgeS: number;
    /** Shortest gap between two fetches (an unknown `kid` cannot force a fetch storm). */
    cooldownS: number;
    /** Timeout of one fetch. */
    timeoutMs: number;
    /** How long an expired key set is still used while its issuer is unreachable. */
    staleIfErrorS: number;
  };
  /** `clerk`: the Frontend API URL and the accepted `azp` values. */
  clerk?: { issuer?: string; authorizedParties?: string[] };
  /** `auth0`: the tenant domain (or a base URL). */
  auth0?: { domain?: string };
  /** `firebase`: the project id (`aud`, and part of `iss`). */
  firebase?: { projectId?: string };
  /** `oidc`: the issuer to discover, and hosts a discovered `jwks_uri` may name besides its own. */
  oidc?: { issuer?: string; jwksHosts: string[] };
}

/** {@link ProviderSettings} with every default filled in: what the built-in providers read. */
export type ResolvedProviderSettings = Required<
  Omit<ProviderSettings, 'jwksUrl' | 'issuer' | 'algorithms'>
> &
  Pick<ProviderSettings, 'jwksUrl' | 'issuer' | 'algorithms'> & {
    clerk: { issuer?: string; authorizedParties?: string[] };
    auth0: { domain?: string };
    firebase: { projectId?: string };
    oidc: { issuer?: string; jwksHosts: string[] };
  };

/** Defaults of the optional {@link ProviderSettings} members (the kit's environment defaults). */
export const PROVIDER_DEFAULTS = {
  clockToleranceS: 5,
  cache: { maxAgeS: 600, cooldownS: 30, timeoutMs: 5000, staleIfErrorS: 86_400 },
  /** Plain http key sources are refused by libs/config in production; a library default cannot know. */
  keySources: { requireHttps: false, allowHttpHosts: [] as string[] },
} as const;

/** Fills in the defaults. */
export function resolveProviderSettings(settings: ProviderSettings): ResolvedProviderSettings {
  return {
    ...settings,
    authUrl: settings.authUrl ?? settings.issuer ?? '',
    audienceConfigured: settings.audienceConfigured ?? true,
    clockToleranceS: settings.clockToleranceS ?? PROVIDER_DEFAULTS.clockToleranceS,
    keySources: settings.keySources ?? {
      ...PROVIDER_DEFAULTS.keySources,
      allowHttpHosts: [],
    },
    cache: settings.cache ?? { ...PROVIDER_DEFAULTS.cache },
    clerk: settings.clerk ?? {},
    auth0: settings.auth0 ?? {},
    firebase: settings.firebase ?? {},
    oidc: settings.oidc ?? { jwksHosts: [] },
  };
}
