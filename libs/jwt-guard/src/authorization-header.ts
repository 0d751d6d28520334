import type { GuardedRequest } from './jwt-auth.guard.js';

/** `authorization`, the one header name compared: by length first, so most names cost nothing. */
const NAME = 'authorization';

/**
 * Whether the request carried more than one `Authorization` field. Node keeps only the first in
 * `request.headers`, so the raw list is read: Fastify's `request.raw.rawHeaders`, or Express's and
 * Node's own `request.rawHeaders`; without either, an array in `headers` says so.
 */
export function hasSeveralAuthorizationFields(request: GuardedRequest): boolean {
  const raw =
    (request.raw as { rawHeaders?: unknown } | undefined)?.rawHeaders ?? request.rawHeaders;
  if (!Array.isArray(raw)) return Array.isArray(request.headers.authorization);
  let seen = 0;
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i] as string;
    if (name.length === NAME.length && name.toLowerCase() === NAME && ++seen > 1) return true;
  }
  return false;
}
