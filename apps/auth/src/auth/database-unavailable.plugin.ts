import type { BetterAuthPlugin } from 'better-auth';
import { createAuthMiddleware } from 'better-auth/api';
import {
  DATABASE_RETRY_AFTER_S,
  databaseOutageSeen,
  databaseUnavailable,
  failOnDatabaseOutage,
  failsOnDatabaseOutage,
} from './database-unavailable.js';

/** Endpoints that swallow database errors and would answer success anyway. */
const FAIL_CLOSED_PATHS = new Set(['/sign-out']);

/** The 503 of {@link databaseUnavailable} as a fetch `Response` (no cookies: the session stays). */
function unavailableResponse(): Response {
  const error = databaseUnavailable();
  return new Response(JSON.stringify(error.body), {
    status: error.statusCode,
    headers: {
      'content-type': 'application/json',
      'retry-after': String(DATABASE_RETRY_AFTER_S),
    },
  });
}

/**
 * Turns an answer into the 503 `DATABASE_UNAVAILABLE` (with `Retry-After`, without cookies) when the
 * request met a lost database connection and the answer would mislead the client:
 * - a 401: Better Auth's session middleware (`/token`, `/list-sessions`, `/update-user`, ...)
 *   treats a failed session lookup as "no session", telling the client to drop a valid session;
 * - any answer of `/sign-out`: it catches a failed session delete, clears the cookie and answers
 *   200, so the client would forget a session that still works as a bearer token.
 * Needs the request to run in a `trackDatabaseOutage` scope (createAuth wraps its handler in one).
 */
export function databaseUnavailablePlugin() {
  return {
    id: 'database-unavailable',
    hooks: {
      before: [
        {
          matcher: (ctx) => FAIL_CLOSED_PATHS.has(ctx.path ?? ''),
          handler: createAuthMiddleware(() => {
            failOnDatabaseOutage();
            return Promise.resolve();
          }),
        },
      ],
    },
    onResponse: (response: Response) =>
      Promise.resolve(
        databaseOutageSeen() && (response.status === 401 || failsOnDatabaseOutage())
          ? { response: unavailableResponse() }
          : undefined,
      ),
  } satisfies BetterAuthPlugin;
}
