import { randomBytes } from 'node:crypto';
import { startIssuerServer, x509StyleKid } from './issuer.server.js';
import { standIn, type StandIn } from './stand-in.js';

export interface FirebaseStandInOptions {
  projectId?: string;
}

/**
 * Firebase Auth: Google's securetoken JWKS (here local, given as `JWKS_URL`), RS256 ID tokens with
 * x509-style kids, `iss` exactly `https://securetoken.google.com/<project>`, `aud` the project id,
 * `auth_time`, `user_id`, `firebase: { identities, sign_in_provider }`; custom claims via `mint`.
 */
export async function startFirebaseStandIn(options: FirebaseStandInOptions = {}): Promise<StandIn> {
  const server = await startIssuerServer({ alg: 'RS256', kid: x509StyleKid });
  const projectId = options.projectId ?? 'kit-test-project';
  const issuer = `https://securetoken.google.com/${projectId}`;
  const uid = randomBytes(14).toString('base64url');
  const email = `${uid.toLowerCase()}@example.com`;
  return standIn(
    server,
    issuer,
    { AUTH_PROVIDER: 'firebase', FIREBASE_PROJECT_ID: projectId, JWKS_URL: server.jwksUrl },
    (now) => ({
      iss: issuer,
      aud: projectId,
      auth_time: now - 60,
      user_id: uid,
      sub: uid,
      iat: now,
      email,
      email_verified: true,
      firebase: { identities: { email: [email] }, sign_in_provider: 'password' },
    }),
  );
}
