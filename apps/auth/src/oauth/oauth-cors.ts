/**
 * Where browser-based OAuth clients (MCP Inspector's web UI, the api's OpenAPI page) need CORS: the
 * discovery documents, the key set, registration, token, revocation and userinfo. None of them
 * relies on cookies, so any origin may call them, without credentials.
 */
export const CORS_PATHS: ReadonlySet<string> = new Set([
  '/.well-known/oauth-authorization-server',
  '/.well-known/openid-configuration',
  '/.well-known/jwks.json',
  '/api/auth/jwks',
  '/api/auth/oauth2/register',
  '/api/auth/oauth2/token',
  '/api/auth/oauth2/revoke',
  '/api/auth/oauth2/userinfo',
]);

/** Headers a browser may send on those paths. */
const ALLOWED_HEADERS = 'authorization, content-type, dpop, mcp-protocol-version';

/** True when `url` (path and query) is one of {@link CORS_PATHS}. */
export function isCorsPath(url: string): boolean {
  const path = url.split('?', 1)[0] ?? '';
  return CORS_PATHS.has(path.length > 1 ? path.replace(/\/$/, '') : path);
}

/** Headers of every answer on a CORS path. */
export const CORS_HEADERS: Readonly<Record<string, string>> = {
  'access-control-allow-origin': '*',
  'access-control-expose-headers': 'www-authenticate, retry-after',
};

/** Extra headers of a preflight (`OPTIONS`) answer. */
export const PREFLIGHT_HEADERS: Readonly<Record<string, string>> = {
  'access-control-allow-methods': 'GET, POST, OPTIONS',
  'access-control-allow-headers': ALLOWED_HEADERS,
  'access-control-max-age': '600',
};

interface RawRequest {
  url?: string;
  method?: string;
  raw?: RawRequest;
}
interface RawResponse {
  setHeader(name: string, value: string): unknown;
  hasHeader(name: string): boolean;
  statusCode: number;
  end(): unknown;
  raw?: RawResponse;
}

/**
 * Applies the policy to a raw Node request: sets the CORS headers on a CORS path and answers its
 * preflight. Returns true when it answered (nothing else must run).
 */
export function applyOAuthCors(req: RawRequest, res: RawResponse): boolean {
  const nodeReq = req.raw ?? req;
  const nodeRes = res.raw ?? res;
  if (!isCorsPath(nodeReq.url ?? '')) return false;
  // A trusted origin already got its credentialed CORS answer from @thallesp: keep it.
  if (nodeRes.hasHeader('access-control-allow-origin')) return false;
  for (const [name, value] of Object.entries(CORS_HEADERS)) nodeRes.setHeader(name, value);
  if (nodeReq.method !== 'OPTIONS') return false;
  for (const [name, value] of Object.entries(PREFLIGHT_HEADERS)) nodeRes.setHeader(name, value);
  nodeRes.statusCode = 204;
  nodeRes.end();
  return true;
}

/**
 * Wraps the Better Auth HTTP middleware (@thallesp's `middleware` option) with
 * {@link applyOAuthCors}: Better Auth's routes run as Fastify middleware, ahead of any hook a
 * module adds, so their CORS must be applied here.
 */
export function withOAuthCors<Req extends RawRequest, Res extends RawResponse>(
  inner: (req: Req, res: Res, next: () => unknown) => void,
) {
  return (req: Req, res: Res, next: () => unknown): void => {
    if (applyOAuthCors(req, res)) return;
    inner(req, res, next);
  };
}
