import { registerAs, type ConfigType } from '@nestjs/config';
import {
  IsBoolean,
  IsEmail,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUrl,
  Matches,
  Max,
  Min,
  MinLength,
} from 'class-validator';
import { apiDocsRedirectUri } from './api-docs-client.js';
import { ConfigError } from './config.errors.js';
import { CommonEnv } from './common.env.js';
import { Bool, CommaList, Int } from './env.transforms.js';
import { validateEnv } from './env.validate.js';
import { databaseSection, requirePublicUrl, type Env } from './sections.js';
import { loadSocialConfig } from './social.config.js';

export const MAIL_TRANSPORTS = ['smtp', 'file'] as const;
export type MailTransport = (typeof MAIL_TRANSPORTS)[number];

/** Variables of apps/auth. */
export class AuthEnv extends CommonEnv {
  @Int()
  @IsInt()
  @Min(0)
  @Max(65535)
  AUTH_PORT = 3001;

  @IsOptional()
  @IsString()
  @MinLength(32, { message: 'BETTER_AUTH_SECRET must be at least 32 characters' })
  BETTER_AUTH_SECRET?: string;

  @CommaList()
  @IsOptional()
  @IsUrl(
    { require_tld: false, require_protocol: true },
    { each: true, message: 'TRUSTED_ORIGINS must be a comma list of URLs' },
  )
  TRUSTED_ORIGINS?: string[];

  @CommaList()
  @IsOptional()
  @IsString({ each: true })
  TOKEN_AUDIENCE?: string[];

  @IsOptional()
  @Matches(/^rediss?:\/\/\S+$/, { message: 'REDIS_URL must be a redis:// or rediss:// URL' })
  REDIS_URL?: string;

  /** Lifetime of issued JWTs, at most 15 minutes (a stolen token stays useful that long at most). */
  @Int()
  @IsInt()
  @Min(30)
  @Max(900)
  JWT_EXPIRES_IN_S = 900;

  /** How often the signing key is replaced. */
  @Int()
  @IsInt()
  @Min(60)
  JWKS_ROTATION_INTERVAL_S = 30 * 24 * 3600;

  /** How long a replaced key stays published. Must outlive every token it signed. */
  @Int()
  @IsInt()
  @Min(60)
  JWKS_GRACE_PERIOD_S = 24 * 3600;

  @Bool()
  @IsBoolean()
  REQUIRE_EMAIL_VERIFICATION = false;

  @IsOptional()
  @Matches(/^smtps?:\/\/\S+$/, { message: 'SMTP_URL must be an smtp:// or smtps:// URL' })
  SMTP_URL?: string;

  /**
   * How mail leaves: `smtp` (needs SMTP_URL) or `file` (DATA_DIR/mail, for development and trials).
   * Unset: smtp when SMTP_URL is set, else file outside production; production refuses to guess.
   */
  @IsOptional()
  @IsIn(MAIL_TRANSPORTS, { message: `MAIL_TRANSPORT must be one of ${MAIL_TRANSPORTS.join(', ')}` })
  MAIL_TRANSPORT?: MailTransport;

  @IsEmail({ require_tld: false })
  MAIL_FROM = 'no-reply@localhost';

  /** Better Auth's rate limiter. Unset: on, except with NODE_ENV=test. */
  @Bool()
  @IsOptional()
  @IsBoolean()
  AUTH_RATE_LIMIT?: boolean;

  /**
   * Reverse proxies (IPs or CIDRs) whose `X-Forwarded-For` names the client. Unset: the socket
   * peer is the client and `X-Forwarded-For` is ignored.
   */
  @CommaList()
  @IsOptional()
  @Matches(/^[0-9a-fA-F.:]+(\/\d{1,3})?$/, {
    each: true,
    message: 'AUTH_TRUSTED_PROXIES must be a comma list of IP addresses or CIDR ranges',
  })
  AUTH_TRUSTED_PROXIES?: string[];

  /** Prefix of every Redis key the auth server writes (sessions, rate-limit counters). */
  @IsString()
  @Matches(/^[\w:.-]{1,64}$/, { message: 'REDIS_KEY_PREFIX must be 1-64 of [A-Za-z0-9_:.-]' })
  REDIS_KEY_PREFIX = 'auth:';

  /** RFC 7591 registration of public clients without a session. Unset: on outside production. */
  @Bool()
  @IsOptional()
  @IsBoolean()
  OAUTH_DYNAMIC_REGISTRATION?: boolean;

  /** Lifetime of OAuth access tokens (JWTs for one resource). */
  @Int()
  @IsInt()
  @Min(30)
  @Max(3600)
  OAUTH_ACCESS_TOKEN_TTL_S = 900;

  /** Lifetime of OAuth refresh tokens (rotated at every use). */
  @Int()
  @IsInt()
  @Min(60)
  OAUTH_REFRESH_TOKEN_TTL_S = 30 * 24 * 3600;

  /** RFC 8707 resource indicators tokens may be issued for. Unset: API_URL and MCP_URL/mcp. */
  @CommaList()
  @IsOptional()
  @IsUrl(
    { require_tld: false, require_protocol: true, protocols: ['http', 'https'] },
    { each: true, message: 'OAUTH_RESOURCES must be a comma list of http(s) URLs' },
  )
  OAUTH_RESOURCES?: string[];

  /**
   * Hosts whose Client ID Metadata Documents may be fetched from private or loopback addresses
   * (a stand-in on this machine). Refused when NODE_ENV=production.
   */
  @CommaList()
  @IsOptional()
  @Matches(/^[\w.:-]+$/, {
    each: true,
    message: 'OAUTH_CIMD_PRIVATE_HOSTS must be a comma list of host names',
  })
  OAUTH_CIMD_PRIVATE_HOSTS?: string[];
}

/** A long but guessable secret: few distinct characters, or a placeholder left from an example file. */
function isWeakSecret(secret: string): boolean {
  const distinct = new Set(secret).size;
  return distinct < 12 || /change[-_ ]?me|secret|example|placeholder|password/i.test(secret);
}

/** The mail transport, refusing a production without a real one unless files were chosen explicitly. */
function mailTransport(e: AuthEnv, production: boolean): MailTransport {
  if (e.MAIL_TRANSPORT === 'smtp' && !e.SMTP_URL) {
    throw new ConfigError('Invalid configuration: SMTP_URL is required when MAIL_TRANSPORT=smtp');
  }
  if (e.MAIL_TRANSPORT === 'file' && e.SMTP_URL) {
    throw new ConfigError(
      'Invalid configuration: SMTP_URL is set but MAIL_TRANSPORT=file; unset one of them',
    );
  }
  if (e.MAIL_TRANSPORT) return e.MAIL_TRANSPORT;
  if (e.SMTP_URL) return 'smtp';
  if (production) {
    // reset and verification links would land in files nobody reads
    throw new ConfigError(
      'Invalid configuration: SMTP_URL is required when NODE_ENV=production (or set MAIL_TRANSPORT=file to write mail to DATA_DIR/mail)',
    );
  }
  return 'file';
}

export function loadAuthConfig(env: Env = process.env) {
  const e = validateEnv(AuthEnv, env);
  const production = e.NODE_ENV === 'production';
  if (production && !e.BETTER_AUTH_SECRET) {
    throw new ConfigError(
      'Invalid configuration: BETTER_AUTH_SECRET is required when NODE_ENV=production',
    );
  }
  if (production && e.BETTER_AUTH_SECRET && isWeakSecret(e.BETTER_AUTH_SECRET)) {
    throw new ConfigError(
      'Invalid configuration: BETTER_AUTH_SECRET is too weak for NODE_ENV=production (use `openssl rand -base64 32`)',
    );
  }
  if (e.JWKS_GRACE_PERIOD_S < e.JWT_EXPIRES_IN_S) {
    throw new ConfigError(
      'Invalid configuration: JWKS_GRACE_PERIOD_S must be at least JWT_EXPIRES_IN_S, or rotation would cut live tokens',
    );
  }
  if (production) requirePublicUrl('AUTH_URL', e.AUTH_URL, e.ALLOW_LOOPBACK_URLS);
  if (production && e.OAUTH_CIMD_PRIVATE_HOSTS?.length) {
    throw new ConfigError(
      'Invalid configuration: OAUTH_CIMD_PRIVATE_HOSTS is for development only (NODE_ENV=production)',
    );
  }
  const transport = mailTransport(e, production);
  return {
    env: e.NODE_ENV,
    production,
    host: e.HOST,
    port: e.AUTH_PORT,
    baseUrl: e.AUTH_URL,
    secret: e.BETTER_AUTH_SECRET,
    trustedOrigins: e.TRUSTED_ORIGINS ?? [],
    tokenAudience: e.TOKEN_AUDIENCE ?? [e.API_URL, e.MCP_URL],
    redisUrl: e.REDIS_URL,
    redisKeyPrefix: e.REDIS_KEY_PREFIX,
    trustedProxies: e.AUTH_TRUSTED_PROXIES ?? [],
    rateLimit: e.AUTH_RATE_LIMIT ?? e.NODE_ENV !== 'test',
    jwt: {
      expiresInS: e.JWT_EXPIRES_IN_S,
      rotationIntervalS: e.JWKS_ROTATION_INTERVAL_S,
      gracePeriodS: e.JWKS_GRACE_PERIOD_S,
    },
    requireEmailVerification: e.REQUIRE_EMAIL_VERIFICATION,
    oauth: {
      dynamicRegistration: e.OAUTH_DYNAMIC_REGISTRATION ?? !production,
      accessTokenTtlS: e.OAUTH_ACCESS_TOKEN_TTL_S,
      refreshTokenTtlS: e.OAUTH_REFRESH_TOKEN_TTL_S,
      // The MCP server's resource is its endpoint URL, as its RFC 9728 metadata says.
      resources: e.OAUTH_RESOURCES ?? [e.API_URL, `${e.MCP_URL}/mcp`],
      /** Client ID Metadata Document fetches: timeout, size cap, private hosts allowed (development). */
      cimd: {
        timeoutMs: 5000,
        maxBytes: 5 * 1024,
        privateHostsAllowed: e.OAUTH_CIMD_PRIVATE_HOSTS ?? [],
      },
      /** Where the api's OpenAPI page (`/docs`) receives its authorization code. */
      docsRedirectUri: apiDocsRedirectUri(e.API_URL),
    },
    /** `smtpUrl` is set exactly when `transport` is smtp. */
    mail: {
      transport,
      smtpUrl: transport === 'smtp' ? e.SMTP_URL : undefined,
      from: e.MAIL_FROM,
    },
    database: databaseSection(e),
    /** External sign-in providers (GitHub, Google, any OpenID Provider); absent = off. */
    social: loadSocialConfig(env, production),
  };
}

/** The auth server's configuration, validated once at boot. Inject with `@Inject(authConfig.KEY)`. */
export const authConfig = registerAs('auth', () => loadAuthConfig());
export type AuthConfig = ConfigType<typeof authConfig>;
