/**
 * The error code a failure is reported with (none for a missing token): RFC 6750's three, and
 * `email_not_verified`, an extension code for a route that needs a verified address (no RFC 6750
 * code fits: a new scope cannot fix it and the token is not invalid), and RFC 9470's
 * `insufficient_user_authentication`.
 */
export type BearerErrorCode =
  | 'invalid_request'
  | 'invalid_token'
  | 'insufficient_scope'
  | 'email_not_verified'
  | 'insufficient_user_authentication';

/**
 * Base of every error the guard and verifier throw. `code` is stable (safe to switch on), `reason`
 * is the precise cause for logs only, `description` is the short generic text sent to clients.
 * @example
 * if (error instanceof JwtGuardError) logger.debug(`${error.code}: ${error.reason}`);
 */
export abstract class JwtGuardError extends Error {
  abstract readonly code: string;
  abstract readonly status: 400 | 401 | 403;
  abstract readonly bearerError?: BearerErrorCode;
  abstract readonly description: string;

  constructor(readonly reason: string) {
    super(reason);
    this.name = new.target.name;
  }
}

/**
 * No bearer token in the request: 401 with a bare challenge.
 * @example
 * throw new MissingTokenError(); // from an overridden extractToken()
 */
export class MissingTokenError extends JwtGuardError {
  readonly code = 'missing_token';
  readonly status = 401;
  readonly bearerError = undefined;
  readonly description = 'authentication required';

  constructor(reason = 'no bearer token') {
    super(reason);
  }
}

/**
 * The request itself is malformed (RFC 6750 §3.1 `invalid_request`), e.g. it carries more than one
 * `Authorization` header: 400, whatever the tokens are.
 * @example
 * throw new InvalidRequestError('token in the query string', 'tokens go in the Authorization header');
 */
export class InvalidRequestError extends JwtGuardError {
  readonly code = 'invalid_request';
  readonly status = 400;
  readonly bearerError = 'invalid_request';

  constructor(
    reason: string,
    readonly description = 'invalid request',
  ) {
    super(reason);
  }
}

/** Stable codes of {@link InvalidTokenError}. */
export type InvalidTokenCode =
  | 'invalid_token'
  | 'malformed_token'
  | 'token_too_large'
  | 'forbidden_header'
  | 'algorithm_not_allowed'
  | 'signature_invalid'
  | 'claim_invalid'
  | 'key_not_found'
  | 'keys_unavailable'
  | 'token_expired';

/**
 * Any token that is not acceptable: 401 `invalid_token`.
 * @example
 * throw new InvalidTokenError(`azp ${azp} not authorized`, 'claim_invalid'); // from a policy's validate()
 */
export class InvalidTokenError extends JwtGuardError {
  readonly status = 401;
  readonly bearerError = 'invalid_token';
  readonly description: string = 'invalid token';

  constructor(
    reason: string,
    readonly code: InvalidTokenCode = 'invalid_token',
  ) {
    super(reason);
  }
}

/**
 * The token's `exp` has passed (beyond the clock tolerance).
 * @example
 * await expect(verifier.verify(expired)).rejects.toBeInstanceOf(TokenExpiredError);
 */
export class TokenExpiredError extends InvalidTokenError {
  override readonly description = 'token expired';

  constructor(reason = 'token expired') {
    super(reason, 'token_expired');
  }
}

/**
 * The issuer's keys could not be had (endpoint down, slow, garbage) and none is cached. Answered as a
 * 401 `invalid_token` (a resource server never answers 5xx for a token); the cause is logged as a key-fetch failure.
 * @example
 * throw new KeysUnavailableError('vault unreachable'); // from your JwksProvider.getKey
 */
export class KeysUnavailableError extends InvalidTokenError {
  constructor(reason: string) {
    super(reason, 'keys_unavailable');
  }
}

/**
 * A valid token without the scope or role a route needs: 403 `insufficient_scope`.
 * @example
 * throw new InsufficientScopeError('missing scopes reports:write', ['reports:write']);
 */
export class InsufficientScopeError extends JwtGuardError {
  readonly code = 'insufficient_scope';
  readonly status = 403;
  readonly bearerError = 'insufficient_scope';
  readonly description = 'insufficient scope';

  /** @param scopes the scopes the route requires (sent as `scope="..."`), empty for roles */
  constructor(
    reason: string,
    readonly scopes: string[] = [],
  ) {
    super(reason);
  }
}

/**
 * A valid token whose address is not verified (or that carries no address) on a route marked
 * `@RequireVerifiedEmail()`: 403 `email_not_verified`. The remedy is out of band: verify the
 * address, then get a new token (the flag is read from the token).
 * @example
 * throw new EmailNotVerifiedError('email not verified'); // from an overridden authorize()
 */
export class EmailNotVerifiedError extends JwtGuardError {
  readonly code = 'email_not_verified';
  readonly status = 403;
  readonly bearerError = 'email_not_verified';
  readonly description = 'a verified email address is required';
}

/**
 * A valid token whose sign-in is too old or too weak for a route marked `@RequireAuthentication`
 * (RFC 9470): 401 `insufficient_user_authentication`, with `max_age` / `acr_values` saying what a
 * new sign-in must meet. The remedy: authorize again with those parameters (the user signs in anew).
 */
export class InsufficientUserAuthenticationError extends JwtGuardError {
  readonly code = 'insufficient_user_authentication';
  readonly status = 401;
  readonly bearerError = 'insufficient_user_authentication';
  readonly description: string;

  /**
   * @param maxAgeS the route's limit on the sign-in's age, sent as `max_age`
   * @param acrValues the class the route needs, sent as `acr_values`
   */
  constructor(
    reason: string,
    readonly maxAgeS?: number,
    readonly acrValues?: string,
  ) {
    super(reason);
    this.description =
      acrValues === undefined
        ? 'a more recent sign-in is required'
        : 'a stronger sign-in is required';
  }
}
