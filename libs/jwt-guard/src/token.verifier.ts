import { Inject, Injectable, Logger } from '@nestjs/common';
import {
  errors,
  jwtVerify,
  type JWTPayload,
  type JWTVerifyOptions,
  type JWTVerifyResult,
  type ProtectedHeaderParameters,
} from 'jose';
import { InjectJwksProvider, type JwksProvider, type VerificationPolicy } from './jwks.provider.js';
import { LOGGER_CONTEXT, MAX_TOKEN_BYTES } from './jwt-guard.constants.js';
import {
  InvalidTokenError,
  JwtGuardError,
  TokenExpiredError,
  type InvalidTokenCode,
} from './jwt-guard.errors.js';
import { JWT_GUARD_OPTIONS } from './jwt-guard.module-definition.js';
import type { JwtGuardModuleOptions } from './jwt-guard.options.js';
import type { Principal } from './principal.js';
import { toPrincipal } from './principal.mapper.js';
import { PROVIDER_DEFAULTS } from './provider.settings.js';
import { checkAlgorithm, precheckToken } from './token.precheck.js';
import { VerifiedTokenCache } from './verified-token.cache.js';

type CryptoKeyLike = Parameters<typeof jwtVerify>[1] & object;

/** Keys tried at most for a token without `kid` that several keys fit. */
const MAX_CANDIDATE_KEYS = 5;
/** Claims every token must carry. */
const REQUIRED_CLAIMS = ['exp', 'iss', 'sub'];

/** Freezes an object and everything it holds (a verified principal is shared between requests). */
function deepFreeze<T extends object>(value: T): T {
  Object.freeze(value);
  // only objects are visited: most values of a principal are strings and numbers
  for (const key of Object.keys(value)) {
    const held: unknown = (value as Record<string, unknown>)[key];
    if (typeof held === 'object' && held !== null && !Object.isFrozen(held)) deepFreeze(held);
  }
  return value;
}

/** jose error code → our stable code. */
const JOSE_CODES: Record<string, InvalidTokenCode> = {
  ERR_JWS_SIGNATURE_VERIFICATION_FAILED: 'signature_invalid',
  ERR_JWT_CLAIM_VALIDATION_FAILED: 'claim_invalid',
  ERR_JOSE_ALG_NOT_ALLOWED: 'algorithm_not_allowed',
  ERR_JWKS_NO_MATCHING_KEY: 'key_not_found',
  ERR_JWKS_MULTIPLE_MATCHING_KEYS: 'key_not_found',
  ERR_JWS_INVALID: 'malformed_token',
  ERR_JWT_INVALID: 'malformed_token',
};

/**
 * Verifies bearer tokens against the bound {@link JwksProvider} (RFC 8725): structural prechecks,
 * the provider's algorithm allow-list, signature, `exp` (required), `iss` (exact), `aud`, `nbf`/`iat`
 * with clock tolerance, then provider-specific rules. Throws {@link JwtGuardError}s only.
 * @example
 * const principal = await verifier.verify(token); // e.g. a WebSocket handshake
 */
@Injectable()
export class TokenVerifier {
  private readonly logger = new Logger(LOGGER_CONTEXT);
  private readonly now: () => number;
  private readonly cache: VerifiedTokenCache<Principal>;
  /**
   * Verifications under way, by cache key: concurrent requests that bring the same new token
   * share one signature check (a burst of a client's parallel calls right after it got a token).
   * An entry lives only until its verification settles, so a failure is never remembered.
   */
  private readonly inFlight = new Map<string, Promise<Principal>>();
  /**
   * The last {@link cachedPrincipal} miss, token and cache key: the guard's miss is followed by
   * {@link verify} in the same turn, which takes the key from here instead of hashing the token
   * again. Forgotten at the next call either way.
   */
  private missedToken?: string;
  private missedKey = '';

  constructor(
    @InjectJwksProvider() readonly provider: JwksProvider,
    @Inject(JWT_GUARD_OPTIONS) private readonly options: JwtGuardModuleOptions,
  ) {
    this.now = options.clock ?? Date.now;
    this.cache = new VerifiedTokenCache(options.verifiedTokenCache, this.now);
  }

  /**
   * The caller of a token that passed {@link verify} before and is still in the verified-token
   * cache (same expiry rules; kept from its second verification unless `admission: 'first-use'`),
   * found without I/O or signature check; `undefined` otherwise (then call {@link verify}). Never
   * throws.
   */
  cachedPrincipal(token: string): Principal | undefined {
    this.missedToken = undefined;
    if (!this.cacheable(token)) return undefined;
    const key = VerifiedTokenCache.keyOf(token);
    const principal = this.cache.get(key);
    if (!principal) {
      this.missedToken = token;
      this.missedKey = key;
    }
    return principal;
  }

  /** Whether a token may be looked up in the cache: only one of a size that can pass is hashed. */
  private cacheable(token: unknown): token is string {
    return this.cache.enabled && typeof token === 'string' && token.length <= MAX_TOKEN_BYTES;
  }

  /** @returns the caller; throws {@link InvalidTokenError} (or a subclass) for any bad token */
  verify(token: string): Promise<Principal> {
    // A token seen verified before (and not expired since) skips the signature check; only
    // tokens of a size that can pass are hashed, so oversized input costs no hash.
    let key: string | undefined;
    if (this.cacheable(token)) {
      const missed = this.missedToken === token;
      this.missedToken = undefined;
      if (missed) {
        key = this.missedKey; // looked up (and not found) just now
      } else {
        key = VerifiedTokenCache.keyOf(token);
        const cached = this.cache.get(key);
        if (cached) return Promise.resolve(cached);
      }
      const pending = this.inFlight.get(key);
      if (pending) return pending;
    }
    // Everything that can fail at once fails here, so the in-flight entry set below is always
    // there before the verification's end removes it.
    let header: ProtectedHeaderParameters;
    let policy: Promise<VerificationPolicy>;
    try {
      header = precheckToken(token);
      policy = this.provider.policy();
    } catch (error) {
      return Promise.reject(this.refusal(error));
    }
    const verification = this.verifyAndCache(token, key, header, policy);
    if (key !== undefined) this.inFlight.set(key, verification);
    return verification;
  }

  /**
   * The full verification: algorithm, signature and claims by jose, then our claim rules, the
   * principal, and the cache. One async function for all of it: each further layer would cost every
   * new token more promises and turns of the microtask queue.
   */
  private async verifyAndCache(
    token: string,
    key: string | undefined,
    header: ProtectedHeaderParameters,
    pendingPolicy: Promise<VerificationPolicy>,
  ): Promise<Principal> {
    try {
      const policy = await pendingPolicy;
      checkAlgorithm(header, policy.algorithms);
      const currentMs = this.now();
      const tolerance =
        this.options.clockToleranceS ??
        this.options.provider?.clockToleranceS ??
        PROVIDER_DEFAULTS.clockToleranceS;
      const options = {
        algorithms: policy.algorithms,
        issuer: policy.issuer,
        audience: policy.audience,
        clockTolerance: tolerance,
        currentDate: new Date(currentMs),
        requiredClaims: REQUIRED_CLAIMS,
      };
      let verified: JWTVerifyResult;
      try {
        verified = await jwtVerify(token, this.provider.getKey, options);
      } catch (error) {
        verified = await this.tryEachCandidate(error, token, options);
      }
      const { payload } = verified;
      const nowS = Math.floor(currentMs / 1000);
      if (typeof payload.sub !== 'string' || !payload.sub) {
        throw new InvalidTokenError('sub must be a non-empty string', 'claim_invalid');
      }
      if (payload.iat !== undefined && payload.iat > nowS + tolerance) {
        throw new InvalidTokenError('iat in the future', 'claim_invalid');
      }
      policy.validate?.(payload, nowS);
      // shared by every request that carries this token: nobody may change it
      const principal = deepFreeze(this.principalOf(payload));
      if (key !== undefined) {
        this.cache.set(key, principal, payload.exp, this.provider.keysFreshUntil?.());
      }
      return principal;
    } catch (error) {
      throw this.refusal(error);
    } finally {
      if (key !== undefined) this.inFlight.delete(key);
    }
  }

  /** The refusal for a failed verification, logged at debug level. */
  private refusal(error: unknown): JwtGuardError {
    const failure = this.toGuardError(error);
    this.logger.debug(`[${this.provider.name}] token refused (${failure.code}): ${failure.reason}`);
    return failure;
  }

  /** The key source's claim mapping (or the base one), then the `mapPrincipal` option's. */
  private principalOf(payload: JWTPayload): Principal {
    const mapped = this.provider.mapClaims?.(payload) ?? toPrincipal(payload, this.provider.name);
    return this.options.mapPrincipal ? this.options.mapPrincipal(payload, mapped) : mapped;
  }

  /**
   * A token without `kid` that several published keys fit (jose's JWKSMultipleMatchingKeys, which
   * carries the candidates): try each, a few at most, as jose's remote key sets do.
   */
  private async tryEachCandidate(
    error: unknown,
    token: string,
    options: JWTVerifyOptions,
  ): Promise<JWTVerifyResult> {
    if (!(error instanceof errors.JWKSMultipleMatchingKeys)) throw error;
    let tries = 0;
    for await (const key of error as unknown as AsyncIterable<CryptoKeyLike>) {
      if (++tries > MAX_CANDIDATE_KEYS) break;
      try {
        return await jwtVerify(token, key, options);
      } catch (attempt) {
        if (!(attempt instanceof errors.JWSSignatureVerificationFailed)) throw attempt;
      }
    }
    throw new InvalidTokenError('no published key verifies the signature', 'signature_invalid');
  }

  private toGuardError(error: unknown): JwtGuardError {
    if (error instanceof JwtGuardError) return error;
    if (error instanceof errors.JWTExpired) return new TokenExpiredError(error.message);
    if (error instanceof errors.JOSEError) {
      return new InvalidTokenError(error.message, JOSE_CODES[error.code] ?? 'invalid_token');
    }
    // Anything else (a provider bug, a TypeError on hostile input) is still just a refused token.
    this.logger.warn(
      `[${this.provider.name}] unexpected verification failure: ${error instanceof Error ? error.message : String(error)}`,
    );
    return new InvalidTokenError('verification failed', 'invalid_token');
  }
}
