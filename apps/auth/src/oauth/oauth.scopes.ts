import { USER_SCOPES } from '../auth/auth.claims.js';

/** OpenID Connect scopes the authorization server grants. `offline_access` brings a refresh token. */
export const OIDC_SCOPES = ['openid', 'profile', 'email', 'offline_access'] as const;

/** Every scope a client may ask for: OpenID Connect's plus the kit's resource scopes. */
export const OAUTH_SCOPES = [...OIDC_SCOPES, ...USER_SCOPES];

/** Claims the kit puts in OAuth access tokens and ID tokens, as advertised in discovery. */
export const ADVERTISED_CLAIMS = [
  'sub',
  'iss',
  'aud',
  'exp',
  'iat',
  'jti',
  'sid',
  'amr',
  'auth_time',
  'scope',
  'azp',
  'client_id',
  'email',
  'email_verified',
  'name',
  'role',
];
