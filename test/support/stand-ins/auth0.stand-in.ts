import { randomBytes } from 'node:crypto';
import { startIssuerServer } from './issuer.server.js';
import { standIn, type StandIn } from './stand-in.js';

export interface Auth0StandInOptions {
  /** The API identifier (`aud`), also given as `JWT_AUDIENCE`. Default `https://api.kit.test`. */
  audience?: string;
}

/**
 * Auth0: a tenant at `http://127.0.0.1:<port>` (`AUTH0_DOMAIN` with an explicit scheme), issuer with
 * its trailing slash, `/.well-known/jwks.json`, RS256 access tokens with `aud` [api, userinfo],
 * `scope` and RBAC `permissions`.
 */
export async function startAuth0StandIn(options: Auth0StandInOptions = {}): Promise<StandIn> {
  const server = await startIssuerServer({
    alg: 'RS256',
    kid: () => randomBytes(16).toString('base64url'),
  });
  const issuer = `${server.baseUrl}/`;
  const audience = options.audience ?? 'https://api.kit.test';
  const clientId = randomBytes(16).toString('base64url');
  const userId = `auth0|${randomBytes(12).toString('hex')}`;
  return standIn(
    server,
    issuer,
    { AUTH_PROVIDER: 'auth0', AUTH0_DOMAIN: server.baseUrl, JWT_AUDIENCE: audience },
    (now) => ({
      iss: issuer,
      sub: userId,
      aud: [audience, `${issuer}userinfo`],
      iat: now,
      azp: clientId,
      scope: 'openid profile email read:notes write:notes',
      permissions: ['read:notes', 'write:notes'],
    }),
  );
}
