import type { IncomingMessage, ServerResponse } from 'node:http';
import type { DocumentAnswer } from './document.route.js';
import type { JwksCache, JwksSnapshot } from './jwks.cache.js';

/** Better Auth's own JWKS route, answered from the same memory as `/.well-known/jwks.json`. */
export const BETTER_AUTH_JWKS_PATH = '/api/auth/jwks';

/** RFC 9110 §13.1.2: `*`, or a list of entity tags compared weakly (a `W/` prefix is ignored). */
export function matchesIfNoneMatch(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  return header.split(',').some((tag) => {
    const candidate = tag.trim().replace(/^W\//, '');
    return candidate === '*' || candidate === etag;
  });
}

/**
 * The response to a JWKS request carrying `ifNoneMatch`, with validators and caching headers: 200
 * with the set, or 304 when the client's copy is current.
 */
export function jwksResponse(
  snapshot: JwksSnapshot,
  ifNoneMatch: string | undefined,
  cacheControl: string,
): DocumentAnswer {
  const headers = { etag: snapshot.etag, 'cache-control': cacheControl };
  if (matchesIfNoneMatch(ifNoneMatch, snapshot.etag)) return { status: 304, headers, body: '' };
  return {
    status: 200,
    headers: { ...headers, 'content-type': 'application/json; charset=utf-8' },
    body: snapshot.body,
  };
}

type Req = IncomingMessage & { raw?: IncomingMessage; originalUrl?: string };
type Res = ServerResponse & { raw?: ServerResponse };
/** The shape of the `middleware` option of @thallesp/nestjs-better-auth. */
type Middleware = (req: Req, res: Res, next: () => unknown) => void;

/**
 * Wraps the middleware in front of Better Auth's handler so `GET`/`HEAD /api/auth/jwks` is answered
 * from `cache` without reaching Better Auth (which would read the key table). When the set cannot
 * be had at all (no copy yet and the database is down), Better Auth answers as before.
 */
export function serveJwksFromMemory(
  cache: JwksCache,
  cacheControl: string,
  next: Middleware,
): Middleware {
  return (req, res, proceed) => {
    const raw = req.raw ?? req;
    const url = req.originalUrl ?? raw.url ?? '';
    const method = raw.method ?? 'GET';
    if ((method !== 'GET' && method !== 'HEAD') || url.split('?')[0] !== BETTER_AUTH_JWKS_PATH) {
      return next(req, res, proceed);
    }
    const nodeRes = res.raw ?? res;
    cache.current().then(
      (snapshot) => {
        const answer = jwksResponse(snapshot, raw.headers['if-none-match'], cacheControl);
        nodeRes.writeHead(answer.status, answer.headers);
        nodeRes.end(method === 'HEAD' ? undefined : answer.body);
      },
      () => next(req, res, proceed),
    );
  };
}
