import type { BetterAuthPlugin } from 'better-auth';
import { createAuthMiddleware } from 'better-auth/api';
import type { AuthConfig } from '#config';
import { ACCOUNT_RULES, type accountLimiter } from './account-limit.js';
import { checkInput } from './auth.limits.js';
import { trackDatabaseOutage } from './database-unavailable.js';
import { checkProfileImage } from './profile-image.js';
import { enumerationFloors, withResponseFloor, type FloorTimer } from './response-floor.js';
import {
  isPasswordChangePath,
  revokeResetTokensAfter,
  type resetTokenRevoker,
} from './verification-tokens.js';

/*
 * Everything that wraps Better Auth's handler, in the order a request meets it (the answer goes
 * back out through the same layers in reverse). A new rule belongs at the first layer that has
 * what it needs: the raw request (1-2), the fetch Request (3-6), the validated body and session
 * (7), the endpoint's result (9-10). Each layer has its own test (named below);
 * apps/auth/test/layers.e2e-spec.ts checks the order where it matters.
 *
 *  1. JWKS from memory    well-known/jwks.http.ts: GET /api/auth/jwks answered without Better Auth
 *                         (jwks-cache.e2e-spec.ts)
 *  2. HTTP middleware     auth.http.ts: client address header overwritten, body at most 64 KiB (413),
 *                         Retry-After and a JSON body on error answers (bad-input.e2e-spec.ts)
 *  3. response floor      response-floor.ts: enumeration-sensitive endpoints answer no earlier than
 *                         a fixed time, whichever way they went (response-floor.spec.ts)
 *  4. outage scope        database-unavailable.ts: marks the request when a database call fails, read
 *                         by layer 10 (database-unavailable.spec.ts)
 *  5. per-address limit   Better Auth's rate limiter, `rateLimit.customRules` in auth.factory.ts
 *                         (security.e2e-spec.ts, redis.e2e-spec.ts)
 *  6. onRequest plugins   cross-site.plugin.ts: a cookie-carrying request from a foreign Origin gets
 *                         403 before Better Auth's media-type check (cross-site.e2e-spec.ts)
 *     Better Auth:        media type (415), its own Origin check, body schema (400)
 *  7. before hooks        {@link layeredHooks} first: input limits (auth.limits.ts), profile image
 *                         (profile-image.ts), then the per-account limit, counted before the
 *                         password is checked (account-limit.ts; account-limit.spec.ts); then the
 *                         plugins' in plugin order: database-unavailable (sign-out fails closed),
 *                         bearer (signed session tokens only; sessions.e2e-spec.ts), two-factor
 *                         bearer (`x-two-factor-token` becomes the pending cookie), admin
 *  8. the endpoint        Better Auth; every new session records its sign-in methods (`amr`,
 *                         sign-in-methods.ts, a session database hook; sign-in-methods.spec.ts); password.hasher.ts runs scrypt off the event loop with bounded
 *                         concurrency (password.hasher.spec.ts); Prisma through withUnavailableAs503
 *  9. after hooks         {@link layeredHooks} first: per-account failure bookkeeping, reset tokens
 *                         revoked after a password change (reset-tokens.e2e-spec.ts); then the
 *                         plugins': two-factor withdraws a password sign-in's session while a
 *                         second factor is pending, BEFORE bearer would hand it out as
 *                         set-auth-token (hence its place in the plugin list); two-factor bearer
 *                         copies the pending state to set-two-factor-token and gives a locked
 *                         account's 429 its Retry-After (two-factor.e2e-spec.ts); session-policy
 *                         strips tokens from list-sessions (sessions.e2e-spec.ts); the token
 *                         endpoint's JWT access token gets amr and auth_time
 *                         (oauth.session-claims.ts; oauth.e2e-spec.ts)
 * 10. onResponse plugins  database-unavailable.plugin.ts: a 401, or a sign-out that swallowed a failed
 *                         delete, caused by a lost database becomes 503 (sign-out-outage.e2e-spec.ts,
 *                         test/faults/database.e2e-spec.ts)
 */

/** What {@link layeredHooks} runs. */
export interface HookDeps {
  config: AuthConfig;
  limitAccount: ReturnType<typeof accountLimiter>;
  revokeResetTokens: ReturnType<typeof resetTokenRevoker>;
}

/** True when a request carries a body object: the only requests the before hook reads. */
function hasBodyObject(ctx: { body?: unknown }): boolean {
  return !!ctx.body && typeof ctx.body === 'object' && !Array.isArray(ctx.body);
}

/**
 * The kit's own hooks (layers 7 and 9 above), as the first plugin of `createAuth`'s list, so they
 * run before every other plugin's, as Better Auth's global `hooks` would. A plugin's hook has a
 * matcher, a global hook does not: each matched hook costs Better Auth a middleware context, so
 * the before hook runs on requests with a body object only (the input checks, the profile image
 * and the per-account limit all read the body) and the after hook on the paths it acts on.
 */
export function layeredHooks({ config, limitAccount, revokeResetTokens }: HookDeps) {
  return {
    id: 'kit-layers',
    hooks: {
      before: [
        {
          matcher: hasBodyObject,
          handler: createAuthMiddleware(async (ctx) => {
            checkInput(ctx);
            checkProfileImage(ctx, config.production);
            // after the input checks: a malformed attempt is refused without counting against the account
            if (config.rateLimit) await limitAccount.before(ctx);
          }),
        },
      ],
      after: [
        {
          matcher: (ctx: { path?: string }) =>
            isPasswordChangePath(ctx.path) ||
            (config.rateLimit && Object.hasOwn(ACCOUNT_RULES, ctx.path ?? '')),
          handler: createAuthMiddleware(async (ctx) => {
            if (config.rateLimit) await limitAccount.after(ctx);
            await revokeResetTokensAfter(ctx, revokeResetTokens);
          }),
        },
      ],
    },
  } satisfies BetterAuthPlugin;
}

/** Layers 3 and 4 above around Better Auth's `handler` (the floor measures the whole answer). */
export function layeredHandler(
  handler: (request: Request) => Promise<Response>,
  basePath: string,
  config: AuthConfig,
  floorTimer?: FloorTimer,
): (request: Request) => Promise<Response> {
  return withResponseFloor(
    (request: Request) => trackDatabaseOutage(() => handler(request)),
    basePath,
    enumerationFloors(config.requireEmailVerification),
    floorTimer,
  );
}
