import { IsOptional, IsString, IsUrl, MaxLength } from 'class-validator';
import { ConfigError } from './config.errors.js';
import { TrimUrl } from './env.transforms.js';
import { validateEnv } from './env.validate.js';
import type { Env } from './sections.js';

const URL_RULE = { require_tld: false, require_protocol: true, protocols: ['http', 'https'] };

/** Variables of social and OpenID Connect sign-in (apps/auth). Each provider is off until set. */
export class SocialEnv {
  @IsOptional()
  @IsString()
  GITHUB_CLIENT_ID?: string;

  @IsOptional()
  @IsString()
  GITHUB_CLIENT_SECRET?: string;

  /** GitHub's web origin (authorize, token). Another value for GitHub Enterprise Server. */
  @TrimUrl()
  @IsUrl(URL_RULE, { message: 'GITHUB_URL must be an http(s) URL' })
  GITHUB_URL = 'https://github.com';

  /** GitHub's REST API (user, emails): `https://<host>/api/v3` on GitHub Enterprise Server. */
  @TrimUrl()
  @IsUrl(URL_RULE, { message: 'GITHUB_API_URL must be an http(s) URL' })
  GITHUB_API_URL = 'https://api.github.com';

  @IsOptional()
  @IsString()
  GOOGLE_CLIENT_ID?: string;

  @IsOptional()
  @IsString()
  GOOGLE_CLIENT_SECRET?: string;

  /** Google's OpenID issuer; its discovery document names every endpoint and the keys. */
  @TrimUrl()
  @IsUrl(URL_RULE, { message: 'GOOGLE_ISSUER must be an http(s) URL' })
  GOOGLE_ISSUER = 'https://accounts.google.com';

  @IsOptional()
  @TrimUrl()
  @IsUrl(URL_RULE, { message: 'OIDC_LOGIN_ISSUER must be an http(s) URL' })
  OIDC_LOGIN_ISSUER?: string;

  @IsOptional()
  @IsString()
  OIDC_LOGIN_CLIENT_ID?: string;

  @IsOptional()
  @IsString()
  OIDC_LOGIN_CLIENT_SECRET?: string;

  @IsString()
  @MaxLength(60, { message: 'OIDC_LOGIN_NAME must be at most 60 characters' })
  OIDC_LOGIN_NAME = 'Single sign-on';
}

/** A GitHub OAuth App (or GitHub Enterprise Server). */
export interface GithubLogin {
  clientId: string;
  clientSecret: string;
  /** Web origin: `<webUrl>/login/oauth/authorize` and `/login/oauth/access_token`. */
  webUrl: string;
  /** REST API base: `<apiUrl>/user`, `<apiUrl>/user/emails`. */
  apiUrl: string;
}

/** An OpenID Connect client: endpoints and keys come from `<issuer>/.well-known/openid-configuration`. */
export interface OidcLogin {
  issuer: string;
  clientId: string;
  clientSecret: string;
}

/** Which external sign-in providers are on; an absent one is off and never shown. */
export interface SocialConfig {
  github?: GithubLogin;
  google?: OidcLogin;
  /** Any OpenID Provider; `name` labels its button. */
  oidc?: OidcLogin & { name: string };
}

/** Both or neither: half a client registration stops the boot, naming the missing variable. */
function pair(idName: string, id: string | undefined, secretName: string, secret?: string) {
  if (id && !secret) {
    throw new ConfigError(`Invalid configuration: ${secretName} is required when ${idName} is set`);
  }
  if (secret && !id) {
    throw new ConfigError(`Invalid configuration: ${idName} is required when ${secretName} is set`);
  }
  return id && secret ? { clientId: id, clientSecret: secret } : undefined;
}

/** Tokens and profiles must not travel in clear text: every provider URL is https in production. */
function requireHttps(name: string, value: string, production: boolean): void {
  if (production && new URL(value).protocol !== 'https:') {
    throw new ConfigError(
      `Invalid configuration: ${name} must be an https:// URL when NODE_ENV=production`,
    );
  }
}

/** Reads and checks the social and OpenID Connect sign-in variables. */
export function loadSocialConfig(env: Env, production: boolean): SocialConfig {
  const e = validateEnv(SocialEnv, env);
  const social: SocialConfig = {};
  const github = pair(
    'GITHUB_CLIENT_ID',
    e.GITHUB_CLIENT_ID,
    'GITHUB_CLIENT_SECRET',
    e.GITHUB_CLIENT_SECRET,
  );
  if (github) {
    requireHttps('GITHUB_URL', e.GITHUB_URL, production);
    requireHttps('GITHUB_API_URL', e.GITHUB_API_URL, production);
    social.github = { ...github, webUrl: e.GITHUB_URL, apiUrl: e.GITHUB_API_URL };
  }
  const google = pair(
    'GOOGLE_CLIENT_ID',
    e.GOOGLE_CLIENT_ID,
    'GOOGLE_CLIENT_SECRET',
    e.GOOGLE_CLIENT_SECRET,
  );
  if (google) {
    requireHttps('GOOGLE_ISSUER', e.GOOGLE_ISSUER, production);
    social.google = { ...google, issuer: e.GOOGLE_ISSUER };
  }
  const oidc = pair(
    'OIDC_LOGIN_CLIENT_ID',
    e.OIDC_LOGIN_CLIENT_ID,
    'OIDC_LOGIN_CLIENT_SECRET',
    e.OIDC_LOGIN_CLIENT_SECRET,
  );
  if (oidc && !e.OIDC_LOGIN_ISSUER) {
    throw new ConfigError(
      'Invalid configuration: OIDC_LOGIN_ISSUER is required when OIDC_LOGIN_CLIENT_ID is set',
    );
  }
  if (e.OIDC_LOGIN_ISSUER && !oidc) {
    throw new ConfigError(
      'Invalid configuration: OIDC_LOGIN_CLIENT_ID is required when OIDC_LOGIN_ISSUER is set',
    );
  }
  if (oidc && e.OIDC_LOGIN_ISSUER) {
    requireHttps('OIDC_LOGIN_ISSUER', e.OIDC_LOGIN_ISSUER, production);
    social.oidc = { ...oidc, issuer: e.OIDC_LOGIN_ISSUER, name: e.OIDC_LOGIN_NAME.trim() };
  }
  return social;
}
