import { passkey } from '@better-auth/passkey';
import type { AuthConfig } from '#config';

/**
 * WebAuthn passkeys (@better-auth/passkey): registered from a signed-in session (`/account`), used
 * to sign in on `/sign-in`. The relying party is the auth server's host and the only accepted
 * origin is `AUTH_URL` (never the request's own `Origin` header). A session created this way
 * records `hwk` or `swk` (sign-in-methods.ts).
 */
export function passkeyPlugin(config: AuthConfig) {
  const url = new URL(config.baseUrl);
  return passkey({ rpID: url.hostname, rpName: 'nest-decoupled-auth-kit', origin: url.origin });
}
