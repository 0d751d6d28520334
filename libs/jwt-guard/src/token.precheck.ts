import { decodeProtectedHeader, type ProtectedHeaderParameters } from 'jose';
import { MAX_TOKEN_BYTES } from './jwt-guard.constants.js';
import { InvalidTokenError } from './jwt-guard.errors.js';

/** Compact JWS: three non-empty base64url parts (tested whole: no split, nothing allocated). */
const COMPACT_JWS = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;
/** Headers whose key material or key location would come from the attacker (RFC 8725 §3.10). */
const UNTRUSTED_HEADERS = ['jwk', 'jku', 'x5u', 'x5c'];
const MAX_KID_LENGTH = 256;
/** `typ` values of access tokens and plain JWTs (RFC 9068, RFC 7519); absent is fine too. */
const ACCESS_TOKEN_TYPES = new Set(['jwt', 'at+jwt', 'application/jwt', 'application/at+jwt']);
/**
 * Headers that passed, by their encoded form. An issuer puts the same header on every token it
 * signs with a key, so a new token's header is almost always one seen before: its checks are a
 * function of those bytes alone, and are not redone. Bounded (emptied when full) and only for
 * header parts of a usual size, whatever a caller sends.
 */
const checkedHeaders = new Map<string, ProtectedHeaderParameters>();
const MAX_CHECKED_HEADERS = 64;
const MAX_REMEMBERED_HEADER_LENGTH = 512;

/**
 * Structural checks done before any crypto or key lookup: size, compact JWS form (three base64url
 * parts: no JWE, no JSON serialisation, no empty signature), and a header that names no key location,
 * no `crit` extension, no unencoded payload, and a string `kid` of sane length. Cheap, and done before
 * anything that could cause a fetch. The guard relies on it being at least as strict as RFC 6750's
 * b64token (`JwtAuthGuard.plainBearerToken`): loosen it and a cache hit could skip a refusal.
 * @returns the decoded protected header
 */
export function precheckToken(token: string): ProtectedHeaderParameters {
  if (typeof token !== 'string' || !token)
    throw new InvalidTokenError('empty token', 'malformed_token');
  if (token.length > MAX_TOKEN_BYTES) {
    throw new InvalidTokenError(`token over ${MAX_TOKEN_BYTES} bytes`, 'token_too_large');
  }
  if (!COMPACT_JWS.test(token)) {
    throw new InvalidTokenError('not a compact JWS (three base64url parts)', 'malformed_token');
  }
  const part = token.slice(0, token.indexOf('.'));
  const known = checkedHeaders.get(part);
  if (known) return known;
  const header = Object.freeze(checkHeader(part));
  if (part.length <= MAX_REMEMBERED_HEADER_LENGTH) {
    if (checkedHeaders.size >= MAX_CHECKED_HEADERS) checkedHeaders.clear();
    // a copy: `part` is a slice of the token and would keep the whole token in memory
    checkedHeaders.set(Buffer.from(part, 'latin1').toString('latin1'), header);
  }
  return header;
}

/** Decodes a protected header (the token's first part) and checks it; throws when it fails. */
function checkHeader(part: string): ProtectedHeaderParameters {
  let header: ProtectedHeaderParameters;
  try {
    // the first part only: jose would split the whole token again
    header = decodeProtectedHeader({ protected: part });
  } catch {
    throw new InvalidTokenError('protected header is not base64url JSON', 'malformed_token');
  }
  for (const name of UNTRUSTED_HEADERS) {
    if (name in header) throw new InvalidTokenError(`header "${name}" refused`, 'forbidden_header');
  }
  if ('crit' in header) throw new InvalidTokenError('header "crit" refused', 'forbidden_header');
  if ('b64' in header) throw new InvalidTokenError('header "b64" refused', 'forbidden_header');
  if ('enc' in header || 'zip' in header) {
    throw new InvalidTokenError('encryption header in a JWS', 'forbidden_header');
  }
  // RFC 8725 §3.11: a typed JWT of another kind (DPoP proof, logout token, SET) is not an access token.
  if (header.typ !== undefined && !ACCESS_TOKEN_TYPES.has(String(header.typ).toLowerCase())) {
    throw new InvalidTokenError(
      `typ ${JSON.stringify(header.typ)} is not an access token`,
      'forbidden_header',
    );
  }
  if ('kid' in header && (typeof header.kid !== 'string' || header.kid.length > MAX_KID_LENGTH)) {
    throw new InvalidTokenError('kid must be a short string', 'malformed_token');
  }
  return header;
}

/** The header's `alg` must be on the provider's allow-list (never `none`, never HMAC). */
export function checkAlgorithm(header: ProtectedHeaderParameters, allowed: string[]): void {
  if (typeof header.alg !== 'string' || !allowed.includes(header.alg)) {
    throw new InvalidTokenError(
      `alg ${JSON.stringify(header.alg)} not allowed`,
      'algorithm_not_allowed',
    );
  }
}
