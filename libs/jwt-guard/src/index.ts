/**
 * libs/jwt-guard's public surface: the module and its options, the decorators, the guard and
 * verifier, key sources, claim mappings, challenges and errors. Everything else is internal.
 * The testing kit is `#jwt-guard/testing`.
 */
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
export {
  buildChallenge,
  challengeFor,
  type ChallengeDefaults,
  type ChallengeParams,
} from './challenge.js';
export { Claims, CurrentUser, PRINCIPAL_PROPERTY } from './current-user.decorator.js';
export {
  InjectJwksProvider,
  JwksProvider,
  keysReady,
  type VerificationPolicy,
} from './jwks.provider.js';
export {
  ASYMMETRIC_JWS_ALGORITHMS,
  isLoopbackHost,
  keySourceProblem,
  type KeySourceRules,
} from './key-sources.js';
export { JwtAuthGuard, type GuardedRequest, type RouteMetadata } from './jwt-auth.guard.js';
export {
  AUTHENTICATION_KEY,
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
export { toPrincipal, words, type ProviderClaims } from './principal.mapper.js';
export type {
  Auth0ProviderSettings,
  BuiltInProviderName,
  ClerkProviderSettings,
  CustomProviderSettings,
  FirebaseProviderSettings,
  KeyCacheSettings,
  LocalProviderSettings,
  OidcProviderSettings,
  ProviderSettings,
} from './provider.settings.js';
export { auth0Claims } from './providers/auth0.provider.js';
export { clerkClaims } from './providers/clerk.provider.js';
export { createJwksProvider } from './providers/jwks-provider.factory.js';
export { Public } from './public.decorator.js';
export { RequireScopes, RequireVerifiedEmail, Roles } from './scopes.decorator.js';
export { TokenVerifier } from './token.verifier.js';
export type { VerifiedTokenCacheOptions } from './verified-token.cache.js';
