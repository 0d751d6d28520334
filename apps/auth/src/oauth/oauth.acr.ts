import { getSessionFromCtx } from 'better-auth/api';
import { acrSatisfies, toAuthentication } from '#jwt-guard';
import { parseAmr } from '../auth/sign-in-methods.js';
import { beforeAuthorize } from './authorize-params.js';

/**
 * The `prompt` to use for an authorization request: `prompt` plus `login` when the request names
 * `acr_values` and the browser's session reaches none of them (its `amr` is single-factor while the
 * client asks for `urn:nest-kit:acr:mfa`); otherwise undefined (leave the request as it is).
 */
export function promptForAcr(
  acrValues: unknown,
  prompt: unknown,
  sessionAmr: unknown,
): string | undefined {
  if (typeof acrValues !== 'string' || !acrValues.trim()) return;
  const asked = acrValues.split(' ').filter(Boolean);
  const { acr } = toAuthentication({ amr: parseAmr(sessionAmr) });
  if (asked.some((value) => acrSatisfies(acr, value))) return;
  const prompts = typeof prompt === 'string' ? prompt.split(' ').filter(Boolean) : [];
  if (prompts.includes('login')) return;
  return [...prompts, 'login'].join(' ');
}

/**
 * `acr_values` at the authorization endpoint (OpenID Connect Core §3.1.2.1, RFC 9470 §4): the
 * provider ignores them, so a client told `insufficient_user_authentication` with
 * `acr_values="urn:nest-kit:acr:mfa"` would get the same single-factor token again. A session whose
 * sign-in does not reach a requested class is treated as `prompt=login`: the user signs in anew, and
 * an account with two-factor or a passkey then signs in with both factors. An account without a
 * second factor can only sign in with one; its token says so and the resource server still refuses.
 */
export function oauthAcrValues() {
  return beforeAuthorize('oauth-acr-values', async (request, ctx) => {
    if (typeof request.acr_values !== 'string') return;
    const session = await getSessionFromCtx(ctx);
    if (!session) return; // a sign-in comes first anyway (browsers: the session cookie)
    const amr = (session.session as { amr?: unknown }).amr;
    const prompt = promptForAcr(request.acr_values, request.prompt, amr);
    if (prompt) request.prompt = prompt;
  });
}
