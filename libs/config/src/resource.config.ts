import { registerAs, type ConfigType } from '@nestjs/config';
import { IsIn, IsInt, IsOptional, IsString, IsUrl, Matches, Max, Min } from 'class-validator';
import { ConfigError } from './config.errors.js';
import { CommonEnv } from './common.env.js';
import { CommaList, Int, TrimUrl } from './env.transforms.js';
import { validateEnv } from './env.validate.js';
import { ASYMMETRIC_JWS_ALGORITHMS, keySourceProblem, type KeySourceRules } from '#jwt-guard';
import { databaseSection, requirePublicUrl, type Env } from './sections.js';

export { ASYMMETRIC_JWS_ALGORITHMS };

export const AUTH_PROVIDERS = ['local', 'clerk', 'auth0', 'firebase', 'oidc', 'custom'] as const;
export type AuthProviderName = (typeof AUTH_PROVIDERS)[number];

const url = { require_tld: false, require_protocol: true, protocols: ['http', 'https'] };

/** A bare host name or IP address (no scheme, no port), as URL `hostname` spells it. */
const HOST_NAME = /^([a-z0-9-]+(\.[a-z0-9-]+)*|\[[0-9a-f:.]+\])$/i;

/** An origin as browsers send it: `scheme://host[:port]`, nothing after. */
const ORIGIN = /^https?:\/\/([a-z0-9-]+(\.[a-z0-9-]+)*|\[[0-9a-f:.]+\])(:\d{1,5})?$/i;

/** Variables of the resource servers (apps/api, apps/mcp): how to verify the JWTs they accept. */
export class ResourceEnv extends CommonEnv {
  @Int()
  @IsInt()
  @Min(0)
  @Max(65535)
  API_PORT = 3000;

  @Int()
  @IsInt()
  @Min(0)
  @Max(65535)
  MCP_PORT = 3002;

  @IsIn(AUTH_PROVIDERS, { message: `AUTH_PROVIDER must be one of ${AUTH_PROVIDERS.join(', ')}` })
  AUTH_PROVIDER: AuthProviderName = 'local';

  @IsOptional()
  @IsUrl(url, { message: 'JWKS_URL must be an http(s) URL' })
  JWKS_URL?: string;

  @IsOptional()
  @IsString()
  JWT_ISSUER?: string;

  @CommaList()
  @IsOptional()
  @IsString({ each: true })
  JWT_AUDIENCE?: string[];

  @CommaList()
  @IsOptional()
  @IsIn(ASYMMETRIC_JWS_ALGORITHMS, {
    each: true,
    message: 'JWT_ALGORITHMS must list asymmetric JWS algorithms (EdDSA, ES256, RS256, PS256, ...)',
  })
  JWT_ALGORITHMS?: string[];

  @Int()
  @IsInt()
  @Min(0)
  @Max(300)
  JWT_CLOCK_TOLERANCE_S = 5;

  @Int()
  @IsInt()
  @Min(1)
  JWKS_CACHE_MAX_AGE_S = 600;

  @Int()
  @IsInt()
  @Min(0)
  JWKS_COOLDOWN_S = 30;

  @Int()
  @IsInt()
  @Min(100)
  @Max(60_000)
  JWKS_TIMEOUT_MS = 5000;

  @Int()
  @IsInt()
  @Min(0)
  JWKS_STALE_IF_ERROR_S = 86_400;

  @TrimUrl()
  @IsOptional()
  @IsUrl(url, { message: 'CLERK_ISSUER must be an http(s) URL' })
  CLERK_ISSUER?: string;

  @CommaList()
  @IsOptional()
  @IsString({ each: true })
  CLERK_AUTHORIZED_PARTIES?: string[];

  @IsOptional()
  @IsString()
  AUTH0_DOMAIN?: string;

  @IsOptional()
  @IsString()
  FIREBASE_PROJECT_ID?: string;

  @TrimUrl()
  @IsOptional()
  @IsUrl(url, { message: 'OIDC_ISSUER must be an http(s) URL' })
  OIDC_ISSUER?: string;

  /**
   * Hosts besides `OIDC_ISSUER`'s that its discovery document's `jwks_uri` may name (Google's keys
   * live on www.googleapis.com). Unset: only the issuer's host.
   */
  @CommaList()
  @IsOptional()
  @Matches(HOST_NAME, {
    each: true,
    message: 'OIDC_JWKS_HOSTS must be a comma list of host names (no scheme, no port)',
  })
  OIDC_JWKS_HOSTS?: string[];

  /** Internal hosts that may serve keys or discovery over plain http in production. */
  @CommaList()
  @IsOptional()
  @Matches(HOST_NAME, {
    each: true,
    message: 'JWKS_ALLOW_HTTP_HOSTS must be a comma list of host names (no scheme, no port)',
  })
  JWKS_ALLOW_HTTP_HOSTS?: string[];

  /** Browser origins the MCP server accepts besides `MCP_URL`'s (e.g. a hosted MCP client). */
  @CommaList()
  @IsOptional()
  @Matches(ORIGIN, {
    each: true,
    message: 'MCP_ALLOWED_ORIGINS must be a comma list of origins (scheme://host[:port])',
  })
  MCP_ALLOWED_ORIGINS?: string[];
}

/** What each provider needs besides AUTH_PROVIDER. */
const REQUIRED: Record<AuthProviderName, (keyof ResourceEnv)[]> = {
  local: [],
  clerk: ['CLERK_ISSUER'],
  auth0: ['AUTH0_DOMAIN', 'JWT_AUDIENCE'],
  firebase: ['FIREBASE_PROJECT_ID'],
  oidc: ['OIDC_ISSUER'],
  custom: ['JWKS_URL', 'JWT_ISSUER'],
};

export type ResourceApp = 'api' | 'mcp';

/** The URLs keys (or discovery) are fetched from for the configured provider, by variable name. */
function keySources(e: ResourceEnv): [string, string][] {
  const sources: [string, string][] = [];
  if (e.JWKS_URL) sources.push(['JWKS_URL', e.JWKS_URL]);
  // The local issuer must be https whatever JWKS_URL says: the auth server refuses anything else.
  if (e.AUTH_PROVIDER === 'local') sources.push(['AUTH_URL', e.AUTH_URL]);
  if (e.AUTH_PROVIDER === 'oidc' && e.OIDC_ISSUER) sources.push(['OIDC_ISSUER', e.OIDC_ISSUER]);
  if (e.AUTH_PROVIDER === 'clerk' && e.CLERK_ISSUER && !e.JWKS_URL)
    sources.push(['CLERK_ISSUER', e.CLERK_ISSUER]);
  if (e.AUTH_PROVIDER === 'auth0' && /^http:\/\//i.test(e.AUTH0_DOMAIN ?? '') && !e.JWKS_URL)
    sources.push(['AUTH0_DOMAIN', e.AUTH0_DOMAIN!]);
  return sources;
}

/** Refuses, in production, a key source that an attacker on the network path could answer. */
function requireSafeKeySources(e: ResourceEnv, rules: KeySourceRules): void {
  for (const [name, value] of keySources(e)) {
    const problem = keySourceProblem(value, rules);
    if (problem) throw new ConfigError(`Invalid configuration: ${name} ${problem}`);
  }
}

export function loadResourceConfig(app: ResourceApp, env: Env = process.env) {
  const e = validateEnv(ResourceEnv, env);
  for (const name of REQUIRED[e.AUTH_PROVIDER]) {
    if (e[name] === undefined) {
      throw new ConfigError(
        `Invalid configuration: ${name} is required when AUTH_PROVIDER=${e.AUTH_PROVIDER}`,
      );
    }
  }
  const production = e.NODE_ENV === 'production';
  const publicUrl = app === 'api' ? e.API_URL : e.MCP_URL;
  // mcp: also its RFC 9728 resource (the MCP endpoint's URL), the `aud` of OAuth tokens issued for it.
  const ownAudience = app === 'api' ? [publicUrl] : [publicUrl, `${publicUrl}/mcp`];
  if (production) {
    requirePublicUrl(app === 'api' ? 'API_URL' : 'MCP_URL', publicUrl, e.ALLOW_LOOPBACK_URLS);
  }
  const keySourceRules: KeySourceRules = {
    requireHttps: production,
    allowHttpHosts: (e.JWKS_ALLOW_HTTP_HOSTS ?? []).map((host) => host.toLowerCase()),
  };
  requireSafeKeySources(e, keySourceRules);
  if (production && e.AUTH_PROVIDER === 'clerk' && !e.CLERK_AUTHORIZED_PARTIES && !e.JWT_AUDIENCE) {
    throw new ConfigError(
      'Invalid configuration: CLERK_AUTHORIZED_PARTIES (or JWT_AUDIENCE) is required when AUTH_PROVIDER=clerk and NODE_ENV=production',
    );
  }
  return {
    app,
    env: e.NODE_ENV,
    production,
    host: e.HOST,
    port: app === 'api' ? e.API_PORT : e.MCP_PORT,
    publicUrl,
    /** Browser origins accepted besides the public URL's (apps/mcp). */
    allowedOrigins: (e.MCP_ALLOWED_ORIGINS ?? []).map((origin) => new URL(origin).origin),
    database: databaseSection(e),
    jwt: {
      provider: e.AUTH_PROVIDER,
      authUrl: e.AUTH_URL,
      jwksUrl: e.JWKS_URL,
      issuer: e.JWT_ISSUER,
      audience: e.JWT_AUDIENCE ?? ownAudience,
      /** Whether JWT_AUDIENCE was set (Clerk checks `aud` only then). */
      audienceConfigured: e.JWT_AUDIENCE !== undefined,
      algorithms: e.JWT_ALGORITHMS,
      clockToleranceS: e.JWT_CLOCK_TOLERANCE_S,
      /** Where keys and discovery may come from (also applied to a discovered `jwks_uri`). */
      keySources: keySourceRules,
      cache: {
        maxAgeS: e.JWKS_CACHE_MAX_AGE_S,
        cooldownS: e.JWKS_COOLDOWN_S,
        timeoutMs: e.JWKS_TIMEOUT_MS,
        staleIfErrorS: e.JWKS_STALE_IF_ERROR_S,
      },
      clerk: { issuer: e.CLERK_ISSUER, authorizedParties: e.CLERK_AUTHORIZED_PARTIES },
      auth0: { domain: e.AUTH0_DOMAIN },
      firebase: { projectId: e.FIREBASE_PROJECT_ID },
      oidc: {
        issuer: e.OIDC_ISSUER,
        /** Hosts a discovered `jwks_uri` may name besides the issuer's (lower case). */
        jwksHosts: (e.OIDC_JWKS_HOSTS ?? []).map((host) => host.toLowerCase()),
      },
    },
  };
}

export type ResourceServerConfig = ReturnType<typeof loadResourceConfig>;
/** The `jwt` section: everything libs/jwt-guard needs to pick and tune a key provider. */
export type JwtEnvConfig = ResourceServerConfig['jwt'];

/** apps/api's configuration. Inject with `@Inject(apiConfig.KEY)`. */
export const apiConfig = registerAs('api', () => loadResourceConfig('api'));
/** apps/mcp's configuration. Inject with `@Inject(mcpConfig.KEY)`. */
export const mcpConfig = registerAs('mcp', () => loadResourceConfig('mcp'));
export type ApiConfig = ConfigType<typeof apiConfig>;
export type McpConfig = ConfigType<typeof mcpConfig>;
