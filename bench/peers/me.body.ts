import type { JWTPayload } from 'jose';

/**
 * The kit's `/me` body for the tokens of the kit's auth server (apps/api/src/me/me.dto.ts), as the
 * same-work references answer it.
 */
export function meOf(payload: JWTPayload, provider = 'local'): object {
  const words = (value: unknown) => (typeof value === 'string' ? value.split(' ') : []);
  return {
    sub: payload.sub,
    issuer: payload.iss,
    audience: Array.isArray(payload.aud) ? payload.aud : [payload.aud],
    provider,
    email: payload.email,
    emailVerified: payload.email_verified,
    name: payload.name,
    roles: words(payload.role),
    scopes: words(payload.scope),
  };
}
