import type { BetterAuthPlugin } from 'better-auth';
import { createAuthMiddleware, getSessionFromCtx } from 'better-auth/api';
import { acrSatisfies, toAuthentication } from '#jwt-guard';
import { parseAmr } from '../auth/sign-in-methods.js';

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
  return {
    id: 'oauth-acr-values',
    hooks: {
      before: [
        {
          matcher: (ctx) => ctx.path === '/oauth2/authorize',
          handler: createAuthMiddleware(async (ctx) => {
            const params: unknown = ctx.method === 'POST' ? ctx.body : ctx.query;
            if (typeof params !== 'object' || params === null) return;
            const request = params as Record<string, unknown>;
            if (typeof request.acr_values !== 'string') return;
            const session = await getSessionFromCtx(ctx);
            if (!session) return; // a sign-in comes first anyway (browsers: the session cookie)
            const amr = (session.session as { amr?: unknown }).amr;
            const prompt = promptForAcr(request.acr_values, request.prompt, amr);
            // In place: the endpoint reads this same object after the hooks.
            if (prompt) request.prompt = prompt;
          }),
        },
      ],
    },
  } satisfies BetterAuthPlugin;
}
