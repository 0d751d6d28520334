import type { KeySourceRules } from './key-sources.js';

/** Key-set cache tuning, the same for every built-in provider. */
export interface KeyCacheSettings {
  /** Longest a fetched key set is used before it is fetched again. */
  maxAgeS: number;
  /** Shortest gap between two fetches (an unknown `kid` cannot force a fetch storm). */
  cooldownS: number;
  /** Timeout of one fetch. */
  timeoutMs: number;
  /** How long an expired key set is still used while its issuer is unreachable. */
  staleIfErrorS: number;
}

/** What every built-in provider takes besides its own section. */
interface CommonProviderSettings {
  /** Overrides where keys are fetched from (every provider but `custom` has a default). */
  jwksUrl?: string;
  /** Overrides the expected `iss` (exact match). */
  issuer?: string;
  /** Accepted `alg` values; default per provider (asymmetric only). */
  algorithms?: string[];
  /** Seconds of clock skew accepted on `exp`, `nbf`, `iat`, `auth_time`. Default 5. */
  clockToleranceS?: number;
  /** Where keys and discovery may be fetched from. Default: anywhere, http allowed. */
  keySources?: KeySourceRules;
  /** Key-set cache tuning. Default 600 s / 30 s / 5000 ms / 86 400 s. */
  cache?: KeyCacheSettings;
}

/** Accepted `aud` values (a token's must intersect). The first is the default challenge realm. */
interface Audience {
  audience: string[];
}

/**
 * The kit's own auth server (apps/auth): EdDSA keys at `<authUrl>/api/auth/jwks`, `iss` = `authUrl`.
 * @example
 * { provider: 'local', authUrl: 'http://localhost:3001', audience: ['http://localhost:3000'] }
 */
export interface LocalProviderSettings extends CommonProviderSettings, Audience {
  provider: 'local';
  /** The auth server's public base URL (its tokens' `iss`). */
  authUrl: string;
}

/**
 * Clerk session tokens: `iss` = the Frontend API URL, keys at its `/.well-known/jwks.json`, `azp`
 * checked against the authorized parties; `org_role` / `org_permissions` / `o.rol` become roles and
 * scopes. Clerk session tokens carry no `aud`: it is checked only when `audience` is given.
 * @example
 * { provider: 'clerk', clerk: { issuer: 'https://clerk.example.com', authorizedParties: ['https://app.example.com'] } }
 */
export interface ClerkProviderSettings extends CommonProviderSettings, Partial<Audience> {
  provider: 'clerk';
  clerk: {
    /** The Frontend API URL. */
    issuer: string;
    /** Accepted `azp` values (the origins of your front ends). */
    authorizedParties?: string[];
  };
}

/**
 * Auth0 access tokens: `iss` = `https://<domain>/`, keys at its `/.well-known/jwks.json`;
 * `permissions` become scopes.
 * @example
 * { provider: 'auth0', auth0: { domain: 'tenant.eu.auth0.com' }, audience: ['https://api.example.com'] }
 */
export interface Auth0ProviderSettings extends CommonProviderSettings, Audience {
  provider: 'auth0';
  /** The tenant domain (or a base URL). */
  auth0: { domain: string };
}

/**
 * Firebase Auth ID tokens: `aud` = the project id, `iss` = `https://securetoken.google.com/<id>`,
 * Google's key set, `auth_time` required.
 * @example
 * { provider: 'firebase', firebase: { projectId: 'my-project' } }
 */
export interface FirebaseProviderSettings extends CommonProviderSettings {
  provider: 'firebase';
  firebase: { projectId: string };
}

/**
 * Any OpenID Provider: keys and algorithms found through `<issuer>/.well-known/openid-configuration`.
 * @example
 * { provider: 'oidc', oidc: { issuer: 'https://login.example.com/realms/acme' }, audience: ['https://api.example.com'] }
 */
export interface OidcProviderSettings extends CommonProviderSettings, Audience {
  provider: 'oidc';
  oidc: {
    /** The issuer to discover. */
    issuer: string;
    /** Hosts a discovered `jwks_uri` may name besides the issuer's own (lower case). */
    jwksHosts?: string[];
  };
}

/**
 * Any issuer with a JWKS URL: both named, nothing discovered.
 * @example
 * { provider: 'custom', issuer: 'https://id.example.com', jwksUrl: 'https://id.example.com/jwks', audience: ['https://api.example.com'] }
 */
export interface CustomProviderSettings extends CommonProviderSettings, Audience {
  provider: 'custom';
  jwksUrl: string;
  issuer: string;
}

/**
 * Settings of a built-in key source, one type per provider (`provider` tells them apart): which
 * issuer to trust, where its keys live and how hard to cache them. The guard's own type: build it
 * by hand, or from the environment with libs/config's `jwtGuardOptions(config)`.
 */
export type ProviderSettings =
  | LocalProviderSettings
  | ClerkProviderSettings
  | Auth0ProviderSettings
  | FirebaseProviderSettings
  | OidcProviderSettings
  | CustomProviderSettings;

/** The key sources the guard knows how to configure itself. */
export type BuiltInProviderName = ProviderSettings['provider'];

/** Defaults of the optional common settings. */
export const PROVIDER_DEFAULTS = {
  clockToleranceS: 5,
  cache: { maxAgeS: 600, cooldownS: 30, timeoutMs: 5000, staleIfErrorS: 86_400 },
  /** Plain http key sources are refused by libs/config in production; a library default cannot know. */
  keySources: { requireHttps: false, allowHttpHosts: [] as string[] },
} as const;

/** One provider's settings with the common defaults filled in: what its factory reads. */
export type Resolved<S extends ProviderSettings> = S &
  Required<Pick<CommonProviderSettings, 'clockToleranceS' | 'keySources' | 'cache'>>;

/** Fills in the common defaults. */
export function resolveProviderSettings<S extends ProviderSettings>(settings: S): Resolved<S> {
  return {
    ...settings,
    clockToleranceS: settings.clockToleranceS ?? PROVIDER_DEFAULTS.clockToleranceS,
    keySources: settings.keySources ?? { ...PROVIDER_DEFAULTS.keySources, allowHttpHosts: [] },
    cache: settings.cache ?? { ...PROVIDER_DEFAULTS.cache },
  };
}
