import type { FirebaseProviderSettings } from '../provider.settings.js';
import type { JWTPayload } from 'jose';
import { InvalidTokenError } from '../jwt-guard.errors.js';
import { RemoteJwksProvider, type ProviderContext } from './remote-jwks.provider.js';

/** Google's public keys for Firebase Auth ID tokens, as a JWKS. */
export const FIREBASE_JWKS_URL =
  'https://www.googleapis.com/service_accounts/v1/jwk/securetoken@system.gserviceaccount.com';

/**
 * Firebase Auth ID tokens: RS256, `iss` `https://securetoken.google.com/<project>`, `aud` the project
 * id, a non-empty `sub` of at most 128 characters, `auth_time` in the past.
 */
export function firebaseProvider(
  context: ProviderContext<FirebaseProviderSettings>,
): RemoteJwksProvider {
  const { jwt } = context;
  const projectId = jwt.firebase.projectId;
  if (!projectId) throw new Error('AUTH_PROVIDER=firebase needs FIREBASE_PROJECT_ID');
  const issuer = jwt.issuer ?? `https://securetoken.google.com/${projectId}`;
  const tolerance = jwt.clockToleranceS;
  const policy = {
    issuer: [issuer],
    algorithms: jwt.algorithms ?? ['RS256'],
    audience: [projectId],
    validate(payload: JWTPayload, nowS: number) {
      if (typeof payload.sub !== 'string' || !payload.sub || payload.sub.length > 128) {
        throw new InvalidTokenError(
          'sub must be a non-empty string of at most 128 characters',
          'claim_invalid',
        );
      }
      const authTime = payload.auth_time;
      if (
        typeof authTime !== 'number' ||
        !Number.isFinite(authTime) ||
        authTime > nowS + tolerance
      ) {
        throw new InvalidTokenError('auth_time missing or in the future', 'claim_invalid');
      }
    },
  };
  return new RemoteJwksProvider(
    'firebase',
    issuer,
    jwt.jwksUrl ?? FIREBASE_JWKS_URL,
    () => policy,
    context,
  );
}
