import { SetMetadata } from '@nestjs/common';
import type { AuthenticationRequirement } from './authentication.policy.js';
import { AUTHENTICATION_KEY } from './jwt-guard.constants.js';

/**
 * Step-up authentication (RFC 9470): the token's sign-in must be recent (`maxAgeS`, read from
 * `auth_time`) and/or strong enough (`acr`, from the `acr` claim or derived from `amr`). A token that
 * falls short gets 401 `WWW-Authenticate: Bearer error="insufficient_user_authentication"` with
 * `max_age` and/or `acr_values`, which the client passes to the authorization endpoint to get a
 * fresh token. A token without `auth_time` never meets a `maxAgeS`. On a handler or a controller.
 * @example @RequireAuthentication({ maxAgeS: 300 }) @Delete()
 * @example @RequireAuthentication({ acr: ACR.multiFactor })
 */
export const RequireAuthentication = (requirement: AuthenticationRequirement) => {
  const { maxAgeS, acr } = requirement;
  // Decorators run at class definition: a typo fails at startup, not at the first request.
  if (maxAgeS !== undefined && !(Number.isInteger(maxAgeS) && maxAgeS >= 0)) {
    throw new TypeError(`RequireAuthentication: maxAgeS must be a non-negative integer`);
  }
  if (acr !== undefined && !/^[\x21\x23-\x5b\x5d-\x7e]+$/.test(acr)) {
    throw new TypeError(`RequireAuthentication: acr must be one visible token without quotes`);
  }
  if (maxAgeS === undefined && acr === undefined) {
    throw new TypeError('RequireAuthentication: give maxAgeS, acr or both');
  }
  return SetMetadata(AUTHENTICATION_KEY, { maxAgeS, acr } satisfies AuthenticationRequirement);
};
