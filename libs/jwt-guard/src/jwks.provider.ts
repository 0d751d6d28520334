import { Inject } from '@nestjs/common';
import type { JWTPayload, JWTVerifyGetKey } from 'jose';
import type { Principal } from './principal.js';

/** What a token from a provider must satisfy besides its signature. */
export interface VerificationPolicy {
  /** Accepted `iss` values, compared exactly. */
  issuer: string[];
  /** Accepted `alg` values: asymmetric only, never `none` or HMAC. */
  algorithms: string[];
  /** Accepted `aud` values (the token's must intersect); undefined: `aud` not checked (Clerk default). */
  audience?: string[];
  /** Provider-specific checks on the verified payload (Clerk `azp`, Firebase `auth_time`); throw to refuse. */
  validate?(payload: JWTPayload, nowS: number): void;
}

/**
 * A source of verification keys and policy for one issuer. Bound by `AUTH_PROVIDER`; a team can bind
 * its own implementation through DI.
 * @example
 * providers: [{ provide: JwksProvider, useValue: myProvider }] // or .overrideProvider(JwksProvider)
 */
export interface JwksProvider {
  /** Short name used in logs and on the principal (`local`, `clerk`, ...). */
  readonly name: string;
  /** The issuer identifier as configured (the authorization server to name in metadata). */
  readonly issuer: string;
  /** jose key resolver: the key for a token's protected header. Throws when none matches. */
  getKey: JWTVerifyGetKey;
  /** The policy tokens must meet; may need discovery (OIDC), hence async. Cached by implementations. */
  policy(): Promise<VerificationPolicy>;
  /**
   * When the keys held now are due for a refresh (ms since the epoch). A verified token is not
   * served from the verifier's cache past it, so key changes are seen as without the cache.
   */
  keysFreshUntil?(): number;
  /** Whether keys can be had right now (readiness); never throws. See {@link keysReady}. */
  isReady?(): Promise<boolean>;
  /**
   * Maps a verified payload onto the {@link Principal}: the provider's own claims (Clerk's
   * organization, Auth0's `permissions`, ...). Default: {@link toPrincipal}, the standard claims.
   */
  mapClaims?(payload: JWTPayload): Principal;
}

/**
 * The one readiness rule for a key source: its `isReady()` when it has one (a throw counts as not
 * ready); a source without one holds its keys itself and is ready.
 * @example
 * if (!(await keysReady(provider))) reply.code(503);
 */
export async function keysReady(provider: JwksProvider): Promise<boolean> {
  if (!provider.isReady) return true;
  try {
    return await provider.isReady();
  } catch {
    return false;
  }
}

/** DI token of the {@link JwksProvider}. */
export const JwksProvider = Symbol('JwksProvider');

/**
 * Injects the bound {@link JwksProvider}.
 * @example
 * constructor(@InjectJwksProvider() private readonly keys: JwksProvider) {}
 */
export const InjectJwksProvider = (): ParameterDecorator & PropertyDecorator =>
  Inject(JwksProvider);
