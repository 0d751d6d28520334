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
