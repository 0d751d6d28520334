import type { BetterAuthPlugin } from 'better-auth';
import { createAuthMiddleware, isAPIError } from 'better-auth/api';

/** What the provider says when a `code_verifier` does not hash to the code's `code_challenge`. */
const PKCE_MISMATCH = 'code verification failed';

function isPkceMismatch(returned: unknown): boolean {
  if (!isAPIError(returned)) return false;
  const body = returned.body as { error_description?: unknown } | undefined;
  return body?.error_description === PKCE_MISMATCH;
}

function invalidGrant(): Response {
  return Response.json(
    {
      error: 'invalid_grant',
      error_description: 'code_verifier does not match the code_challenge',
    },
    { status: 400, headers: { 'cache-control': 'no-store' } },
  );
}

/**
 * The token endpoint's answer to a wrong PKCE verifier: 400 `invalid_grant` (RFC 7636 §4.6, RFC
 * 6749 §5.2), where the provider says 401 `invalid_request`. Clients treat `invalid_grant` as "this
 * code is spent, start again"; a 401 reads as a client authentication failure. Runs after the
 * endpoint, on its error, so no second PKCE check exists.
 *
 * @example
 * betterAuth({ plugins: [oauthProvider(options), oauthTokenErrors()] });
 */
export function oauthTokenErrors() {
  return {
    id: 'oauth-token-errors',
    hooks: {
      after: [
        {
          matcher: (ctx) => ctx.path === '/oauth2/token',
          // A Response, not an APIError: the endpoint's 401 would otherwise stay the status.
          handler: createAuthMiddleware((ctx) =>
            Promise.resolve(isPkceMismatch(ctx.context.returned) ? invalidGrant() : undefined),
          ),
        },
      ],
    },
  } satisfies BetterAuthPlugin;
}
