export { RequireAuthentication } from './authentication.decorator.js';
export {
  ACR,
  MULTI_FACTOR_METHODS,
  acrSatisfies,
  authenticationShortfall,
  toAuthentication,
  type AcrValue,
  type AuthenticationRequirement,
  type PrincipalAuthentication,
} from './authentication.policy.js';
export { buildChallenge, type ChallengeParams } from './challenge.js';
export { Claims, CurrentUser, PRINCIPAL_PROPERTY } from './current-user.decorator.js';
export { InjectJwksProvider, JwksProvider, type VerificationPolicy } from './jwks.provider.js';
export { JwtAuthGuard, type GuardedRequest, type RouteMetadata } from './jwt-auth.guard.js';
export {
  AUTHENTICATION_KEY,
  MAX_TOKEN_BYTES,
  ORG_ROLES_KEY,
  PUBLIC_KEY,
  ROLES_KEY,
  SCOPES_KEY,
  VERIFIED_EMAIL_KEY,
} from './jwt-guard.constants.js';
export {
  EmailNotVerifiedError,
  InsufficientScopeError,
  InsufficientUserAuthenticationError,
  InvalidRequestError,
  InvalidTokenError,
  JwtGuardError,
  KeysUnavailableError,
  MissingTokenError,
  TokenExpiredError,
  type BearerErrorCode,
  type InvalidTokenCode,
} from './jwt-guard.errors.js';
export { JWT_GUARD_OPTIONS } from './jwt-guard.module-definition.js';
export { JwtGuardModule } from './jwt-guard.module.js';
export type { JwtGuardModuleOptions } from './jwt-guard.options.js';
export { OrgRoles } from './org-roles.decorator.js';
export type { Principal, PrincipalOrganization } from './principal.js';
export { toPrincipal } from './principal.mapper.js';
export { auth0BaseUrl } from './providers/auth0.provider.js';
export { FIREBASE_JWKS_URL } from './providers/firebase.provider.js';
export { createJwksProvider } from './providers/jwks-provider.factory.js';
export { RemoteJwksProvider } from './providers/remote-jwks.provider.js';
export { Public } from './public.decorator.js';
export { RequireScopes, RequireVerifiedEmail, Roles } from './scopes.decorator.js';
export { TokenVerifier } from './token.verifier.js';
export { VerifiedTokenCache, type VerifiedTokenCacheOptions } from './verified-token.cache.js';
