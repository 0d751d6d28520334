import type { JWTPayload } from 'jose';

/**
 * The kit's authentication context class values (`acr`, RFC 9470 `acr_values`), from weakest to
 * strongest. A stronger value satisfies a route that asks for a weaker one.
 * - `urn:nest-kit:acr:sfa`: any sign-in (one factor: a password, a social or OIDC sign-in);
 * - `urn:nest-kit:acr:mfa`: a sign-in that included a second factor or a key-bound credential:
 *   its `amr` (RFC 8176) names `otp`, `hwk` or `swk` (a one-time code or a passkey).
 */
export const ACR = {
  singleFactor: 'urn:nest-kit:acr:sfa',
  multiFactor: 'urn:nest-kit:acr:mfa',
} as const;

/** One of {@link ACR}'s values, or another issuer's own `acr` string. */
export type AcrValue = (typeof ACR)[keyof typeof ACR] | (string & {});

/** RFC 8176 methods that make a sign-in multi-factor here (one-time code, passkey). */
export const MULTI_FACTOR_METHODS: readonly string[] = ['otp', 'hwk', 'swk'];

const STRENGTH: readonly string[] = [ACR.singleFactor, ACR.multiFactor];

/** How and when the caller signed in, as the token says (`principal.authentication`). */
export interface PrincipalAuthentication {
  /** `auth_time`: when the user last actively signed in, in seconds since the epoch. */
  time?: number;
  /** `amr` (RFC 8176): the methods used at that sign-in, e.g. `['pwd', 'otp']`. */
  methods: string[];
  /**
   * `acr` as the issuer put it; without one, derived from {@link methods}: {@link ACR}.multiFactor
   * when a method is in {@link MULTI_FACTOR_METHODS}, {@link ACR}.singleFactor when any method is
   * named, else undefined.
   */
  acr?: string;
}

/** What a route demands of the sign-in behind a token (`@RequireAuthentication`). */
export interface AuthenticationRequirement {
  /** The sign-in (`auth_time`) must be at most this many seconds old (RFC 9470 `max_age`). */
  maxAgeS?: number;
  /** The sign-in must reach this class (RFC 9470 `acr_values`), e.g. {@link ACR}.multiFactor. */
  acr?: AcrValue;
}

/** The sign-in facts of a verified payload. Claims of the wrong type are ignored. */
export function toAuthentication(payload: JWTPayload): PrincipalAuthentication {
  const time =
    typeof payload.auth_time === 'number' && Number.isFinite(payload.auth_time)
      ? payload.auth_time
      : undefined;
  const methods = Array.isArray(payload.amr)
    ? payload.amr.filter((m): m is string => typeof m === 'string' && m !== '')
    : [];
  const claimed = typeof payload.acr === 'string' && payload.acr !== '' ? payload.acr : undefined;
  return { time, methods, acr: claimed ?? derivedAcr(methods) };
}

function derivedAcr(methods: string[]): string | undefined {
  if (methods.some((m) => MULTI_FACTOR_METHODS.includes(m))) return ACR.multiFactor;
  return methods.length ? ACR.singleFactor : undefined;
}

/** Whether a sign-in of class `actual` satisfies a route asking for `required`. */
export function acrSatisfies(actual: string | undefined, required: string): boolean {
  if (actual === undefined) return false;
  if (actual === required) return true;
  const have = STRENGTH.indexOf(actual);
  const need = STRENGTH.indexOf(required);
  // Another issuer's own values only match exactly; the kit's are ordered.
  return have >= 0 && need >= 0 && have >= need;
}

/** Why a sign-in falls short of a requirement (for logs), or undefined when it does not. */
export function authenticationShortfall(
  authentication: PrincipalAuthentication,
  requirement: AuthenticationRequirement,
  nowS: number,
): string | undefined {
  const { maxAgeS, acr } = requirement;
  if (maxAgeS !== undefined) {
    if (authentication.time === undefined) return 'no auth_time in the token';
    const age = nowS - authentication.time;
    if (age > maxAgeS) return `signed in ${age} s ago, the route allows ${maxAgeS} s`;
  }
  if (acr !== undefined && !acrSatisfies(authentication.acr, acr)) {
    return `sign-in class ${authentication.acr ?? 'unknown'}, the route needs ${acr}`;
  }
  return undefined;
}
