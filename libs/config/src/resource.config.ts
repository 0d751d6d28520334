import { registerAs, type ConfigType } from '@nestjs/config';
import { IsIn, IsInt, IsOptional, IsString, IsUrl, Max, Min } from 'class-validator';
import { ConfigError } from './config.errors.js';
import { CommonEnv } from './common.env.js';
import { CommaList, Int, TrimUrl } from './env.transforms.js';
import { validateEnv } from './env.validate.js';
import { databaseSection, requireSecureUrl, type Env } from './sections.js';

/** Signature algorithms a resource server may accept: asymmetric only (never `none`, never HMAC). */
export const ASYMMETRIC_JWS_ALGORITHMS = [
  'EdDSA',
  'Ed25519',
  'ES256',
  'ES384',
  'ES512',
  'RS256',
  'RS384',
  'RS512',
  'PS256',
  'PS384',
  'PS512',
] as const;

export const AUTH_PROVIDERS = ['local', 'clerk', 'auth0', 'firebase', 'oidc', 'custom'] as const;
export type AuthProviderName = (typeof AUTH_PROVIDERS)[number];

const url = { require_tld: false, require_protocol: true, protocols: ['http', 'https'] };

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
  if (production) requireSecureUrl(app === 'api' ? 'API_URL' : 'MCP_URL', publicUrl);
  return {
    app,
    env: e.NODE_ENV,
    production,
    host: e.HOST,
    port: app === 'api' ? e.API_PORT : e.MCP_PORT,
    publicUrl,
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
      cache: {
        maxAgeS: e.JWKS_CACHE_MAX_AGE_S,
        cooldownS: e.JWKS_COOLDOWN_S,
        timeoutMs: e.JWKS_TIMEOUT_MS,
        staleIfErrorS: e.JWKS_STALE_IF_ERROR_S,
      },
      clerk: { issuer: e.CLERK_ISSUER, authorizedParties: e.CLERK_AUTHORIZED_PARTIES },
      auth0: { domain: e.AUTH0_DOMAIN },
      firebase: { projectId: e.FIREBASE_PROJECT_ID },
      oidc: { issuer: e.OIDC_ISSUER },
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
