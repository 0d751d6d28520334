import type { LocalProviderSettings } from '../provider.settings.js';
import { RemoteJwksProvider, type ProviderContext } from './remote-jwks.provider.js';

/** The kit's own auth server (Better Auth JWT plugin): EdDSA, issuer `AUTH_URL`. */
export function localProvider(context: ProviderContext<LocalProviderSettings>): RemoteJwksProvider {
  const { jwt } = context;
  const issuer = jwt.issuer ?? jwt.authUrl;
  const policy = {
    issuer: [issuer],
    algorithms: jwt.algorithms ?? ['EdDSA'],
    audience: jwt.audience,
  };
  return new RemoteJwksProvider(
    'local',
    issuer,
    jwt.jwksUrl ?? `${jwt.authUrl}/api/auth/jwks`,
    () => policy,
    context,
  );
}
