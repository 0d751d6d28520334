import { randomBytes } from 'node:crypto';
import { startIssuerServer } from './issuer.server.js';
import { standIn, type StandIn } from './stand-in.js';

const id = (prefix: string) => `${prefix}_${randomBytes(14).toString('base64url')}`;

export interface ClerkStandInOptions {
  /** The app origin put in `azp` and in `CLERK_AUTHORIZED_PARTIES`. */
  authorizedParty?: string;
}

/**
 * Clerk: the Frontend API (`https://<x>.clerk.accounts.dev`, here the local URL) serving
 * `/.well-known/jwks.json`, RS256 session tokens v2 (`sub` user_..., `sid`, `azp`, `v: 2`, `fva`,
 * optional organisation claim `o: { id, rol, slg, per }`; v1's `org_role`/`org_permissions` can be
 * passed as claims). No `aud`.
 */
export async function startClerkStandIn(options: ClerkStandInOptions = {}): Promise<StandIn> {
  const server = await startIssuerServer({ alg: 'RS256', kid: () => id('ins') });
  const issuer = server.baseUrl;
  const azp = options.authorizedParty ?? 'http://localhost:5173';
  const userId = id('user');
  const sessionId = id('sess');
  return standIn(
    server,
    issuer,
    { AUTH_PROVIDER: 'clerk', CLERK_ISSUER: issuer, CLERK_AUTHORIZED_PARTIES: azp },
    (now) => ({
      azp,
      fva: [0, -1],
      iat: now,
      iss: issuer,
      nbf: now - 10,
      sid: sessionId,
      sts: 'active',
      sub: userId,
      v: 2,
    }),
  );
}
