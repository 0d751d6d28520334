import type { CustomProviderSettings } from '../provider.settings.js';
import { RemoteJwksProvider, type ProviderContext } from './remote-jwks.provider.js';

/** Any issuer given by `JWKS_URL` + `JWT_ISSUER`. */
export function customProvider(
  context: ProviderContext<CustomProviderSettings>,
): RemoteJwksProvider {
  const { jwt } = context;
  if (!jwt.jwksUrl || !jwt.issuer)
    throw new Error('AUTH_PROVIDER=custom needs JWKS_URL and JWT_ISSUER');
  const policy = {
    issuer: [jwt.issuer],
    algorithms: jwt.algorithms ?? ['RS256', 'ES256', 'EdDSA'],
    audience: jwt.audience,
  };
  return new RemoteJwksProvider('custom', jwt.issuer, jwt.jwksUrl, () => policy, context);
}
