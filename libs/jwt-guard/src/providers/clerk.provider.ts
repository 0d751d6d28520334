import type { ClerkProviderSettings } from '../provider.settings.js';
import type { JWTPayload } from 'jose';
import { InvalidTokenError } from '../jwt-guard.errors.js';
import type { Principal } from '../principal.js';
import { toPrincipal, words } from '../principal.mapper.js';
import { RemoteJwksProvider, type ProviderContext } from './remote-jwks.provider.js';

/**
 * Clerk's organization claims as roles and scopes. Session token v1: `org_role` /
 * `org_permissions`. v2 nests the role as `o.rol` (without the `org:` prefix); its permissions are
 * bit-packed across `o.fea`/`o.fpm`/`o.per` and are NOT decoded here (reading `o.per`'s bare names
 * as scopes would grant "read" for any feature's read).
 * @example
 * clerkClaims({ sub: 'user_1', o: { id: 'org_1', rol: 'admin' } }).roles // ['org:admin']
 */
export function clerkClaims(payload: JWTPayload): Principal {
  const roles = words(payload.org_role, /\s+/);
  const scopes = words(payload.org_permissions, /[\s,]+/);
  const o = payload.o as { rol?: unknown } | undefined;
  if (o && typeof o === 'object' && typeof o.rol === 'string' && o.rol) {
    roles.push(o.rol.startsWith('org:') ? o.rol : `org:${o.rol}`);
  }
  return toPrincipal(payload, 'clerk', { roles, scopes });
}

/**
 * Clerk session tokens: RS256, issuer `CLERK_ISSUER` (the Frontend API URL), keys at
 * `<issuer>/.well-known/jwks.json`. `azp` must be one of `CLERK_AUTHORIZED_PARTIES` when that is
 * set; `aud` is checked only when `JWT_AUDIENCE` is set (session tokens carry none). With neither set
 * it warns once (libs/config refuses that in production).
 */
export function clerkProvider(context: ProviderContext<ClerkProviderSettings>): RemoteJwksProvider {
  const { jwt } = context;
  const base = jwt.clerk.issuer;
  if (!base) throw new Error('AUTH_PROVIDER=clerk needs CLERK_ISSUER');
  const issuer = jwt.issuer ?? base;
  const parties = jwt.clerk.authorizedParties;
  if (!parties?.length && !jwt.audience?.length) {
    // libs/config refuses this in production; here, once per provider, so development sees it.
    context.logger.warn(
      '[clerk] neither CLERK_AUTHORIZED_PARTIES nor JWT_AUDIENCE is set: any token of the Clerk instance is accepted, including JWT-template tokens minted for other integrations',
    );
  }
  const policy = {
    issuer: [issuer],
    algorithms: jwt.algorithms ?? ['RS256'],
    audience: jwt.audience?.length ? jwt.audience : undefined,
    validate(payload: JWTPayload) {
      if (parties?.length && !(typeof payload.azp === 'string' && parties.includes(payload.azp))) {
        throw new InvalidTokenError(
          `azp ${JSON.stringify(payload.azp)} not authorized`,
          'claim_invalid',
        );
      }
    },
  };
  return new RemoteJwksProvider(
    'clerk',
    issuer,
    jwt.jwksUrl ?? `${base}/.well-known/jwks.json`,
    () => policy,
    context,
    clerkClaims,
  );
}
