/**
 * Metadata keys, namespaced so no other library (e.g. @thallesp's "PUBLIC"/"ROLES") reads them.
 * @example
 * const isPublic = reflector.getAllAndOverride<boolean>(PUBLIC_KEY, [handler, controller]);
 */
export const PUBLIC_KEY = 'JWT_GUARD:PUBLIC';
export const SCOPES_KEY = 'JWT_GUARD:SCOPES';
export const ROLES_KEY = 'JWT_GUARD:ROLES';
export const VERIFIED_EMAIL_KEY = 'JWT_GUARD:VERIFIED_EMAIL';
export const AUTHENTICATION_KEY = 'JWT_GUARD:AUTHENTICATION';
export const ORG_ROLES_KEY = 'JWT_GUARD:ORG_ROLES';

/** Name of the Nest logger every part of the library writes to. */
export const LOGGER_CONTEXT = 'JwtGuard';

/** Longest token accepted, checked before any parsing (RFC 8725 §3.x: bound the work an attacker causes). */
export const MAX_TOKEN_BYTES = 8 * 1024;
