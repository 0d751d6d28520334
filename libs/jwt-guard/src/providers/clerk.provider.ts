import type { JWTPayload } from 'jose';
import { InvalidTokenError } from '../jwt-guard.errors.js';
import { RemoteJwksProvider, type ProviderContext } from './remote-jwks.provider.js';

/**
 * Clerk session tokens: RS256, issuer `CLERK_ISSUER` (the Frontend API URL), keys at
 * `<issuer>/.well-known/jwks.json`. `azp` must be one of `CLERK_AUTHORIZED_PARTIES` when that is
 * set; `aud` is checked only when `JWT_AUDIENCE` is set (session tokens carry none). With neither set
 * it warns once (libs/config refuses that in production).
 */
export function clerkProvider(context: ProviderContext): RemoteJwksProvider {
  const { jwt } = context;
  const base = jwt.clerk.issuer;
  if (!base) throw new Error('AUTH_PROVIDER=clerk needs CLERK_ISSUER');
  const issuer = jwt.issuer ?? base;
  const parties = jwt.clerk.authorizedParties;
  if (!parties?.length && !jwt.audienceConfigured) {
    // libs/config refuses this in production; here, once per provider, so development sees it.
    context.logger.warn(
      '[clerk] neither CLERK_AUTHORIZED_PARTIES nor JWT_AUDIENCE is set: any token of the Clerk instance is accepted, including JWT-template tokens minted for other integrations',
    );
  }
  const policy = {
    issuer: [issuer],
    algorithms: jwt.algorithms ?? ['RS256'],
    audience: jwt.audienceConfigured ? jwt.audience : undefined,
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
  );
}
