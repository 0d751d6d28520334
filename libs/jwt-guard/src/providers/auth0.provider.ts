import type { Auth0ProviderSettings } from '../provider.settings.js';
import type { JWTPayload } from 'jose';
import type { Principal } from '../principal.js';
import { toPrincipal, words } from '../principal.mapper.js';
import { RemoteJwksProvider, type ProviderContext } from './remote-jwks.provider.js';

/**
 * `AUTH0_DOMAIN` → the tenant's base URL. A bare domain means https; an explicit scheme
 * (`http://127.0.0.1:4000`) is taken as is, which is how tests point at a local stand-in.
 */
export function auth0BaseUrl(domain: string): string {
  const trimmed = domain.trim().replace(/\/+$/, '');
  return /^https?:\/\//i.test(trimmed) ? trimmed : `https://${trimmed}`;
}

/**
 * Auth0's RBAC `permissions` claim (API permissions granted to the user) as scopes.
 * @example
 * mapPrincipal: (payload) => ({ ...auth0Claims(payload), roles: words(payload['https://example.com/roles'], /\s+/) })
 */
export function auth0Claims(payload: JWTPayload): Principal {
  return toPrincipal(payload, 'auth0', { scopes: words(payload.permissions, /\s+/) });
}

/** Auth0 access tokens: RS256, issuer `https://<domain>/` (trailing slash), `aud` required. */
export function auth0Provider(context: ProviderContext<Auth0ProviderSettings>): RemoteJwksProvider {
  const { jwt } = context;
  if (!jwt.auth0.domain) throw new Error('AUTH_PROVIDER=auth0 needs AUTH0_DOMAIN');
  const base = auth0BaseUrl(jwt.auth0.domain);
  const issuer = jwt.issuer ?? `${base}/`;
  const policy = {
    issuer: [issuer],
    algorithms: jwt.algorithms ?? ['RS256'],
    audience: jwt.audience,
  };
  return new RemoteJwksProvider(
    'auth0',
    issuer,
    jwt.jwksUrl ?? `${base}/.well-known/jwks.json`,
    () => policy,
    context,
    auth0Claims,
  );
}
