import { randomBytes } from 'node:crypto';
import { startIssuerServer, type SigningAlgorithm } from './issuer.server.js';
import { standIn, type StandIn } from './stand-in.js';

export interface OidcStandInOptions {
  /** The signing algorithm, advertised in discovery. Default ES256. */
  alg?: SigningAlgorithm;
  /** `aud` of its access tokens, also given as `JWT_AUDIENCE`. Default `https://api.kit.test`. */
  audience?: string;
  /**
   * The `jwks_uri` its discovery document names, given its base URL. Default `<base>/oauth2/v1/keys`,
   * where it serves its keys (point it at another host to test the jwks_uri host rule).
   */
  jwksUri?: (baseUrl: string) => string;
}

/**
 * A generic OpenID Provider: `/.well-known/openid-configuration` whose `jwks_uri` is NOT the
 * conventional path (`/oauth2/v1/keys`), so only discovery finds the keys.
 */
export async function startOidcStandIn(options: OidcStandInOptions = {}): Promise<StandIn> {
  const alg = options.alg ?? 'ES256';
  const server = await startIssuerServer({
    alg,
    jwksPath: '/oauth2/v1/keys',
    discovery: (base) => ({
      issuer: base,
      authorization_endpoint: `${base}/oauth2/v1/authorize`,
      token_endpoint: `${base}/oauth2/v1/token`,
      jwks_uri: options.jwksUri?.(base) ?? `${base}/oauth2/v1/keys`,
      response_types_supported: ['code'],
      subject_types_supported: ['public'],
      id_token_signing_alg_values_supported: [alg],
      scopes_supported: ['openid', 'email', 'profile'],
    }),
  });
  const issuer = server.baseUrl;
  const audience = options.audience ?? 'https://api.kit.test';
  const userId = randomBytes(10).toString('hex');
  return standIn(
    server,
    issuer,
    { AUTH_PROVIDER: 'oidc', OIDC_ISSUER: issuer, JWT_AUDIENCE: audience },
    (now) => ({
      iss: issuer,
      sub: userId,
      aud: audience,
      iat: now,
      scp: ['notes.read', 'notes.write'],
      email: `${userId}@example.com`,
      email_verified: true,
      name: 'OIDC Tester',
    }),
  );
}
