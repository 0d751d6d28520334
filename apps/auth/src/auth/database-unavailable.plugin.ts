import type { BetterAuthPlugin } from 'better-auth';
import {
  DATABASE_RETRY_AFTER_S,
  databaseOutageSeen,
  databaseUnavailable,
} from './database-unavailable.js';

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
 * Turns a 401 into the 503 `DATABASE_UNAVAILABLE` answer when the request met a lost database
 * connection. Better Auth's session middleware (`/token`, `/list-sessions`, `/update-user`, ...)
 * treats a failed session lookup as "no session": answering 401 then would tell the client to drop a
 * session that is still valid. Needs the request to run in a `trackDatabaseOutage` scope (createAuth wraps its handler in one).
 */
export function databaseUnavailablePlugin() {
  return {
    id: 'database-unavailable',
    onResponse: (response: Response) =>
      Promise.resolve(
        response.status === 401 && databaseOutageSeen()
          ? { response: unavailableResponse() }
          : undefined,
      ),
  } satisfies BetterAuthPlugin;
}
