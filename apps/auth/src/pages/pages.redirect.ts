/**
 * Where a page may send the browser after it is done (`?redirect=`): a path on this server, or
 * an absolute URL on this server's origin or one of the trusted origins (the same list Better
 * Auth's own origin check uses). Anything else (other hosts, `//host` and `/\host` tricks,
 * `javascript:`) falls back to `fallback`, so the pages can never be used as an open redirect.
 */
export function safeRedirect(
  value: unknown,
  baseUrl: string,
  trustedOrigins: readonly string[],
  fallback = '/account',
): string {
  if (typeof value !== 'string' || value.length === 0 || value.length > 2048) return fallback;
  if (value.startsWith('/') && !value.startsWith('//') && !value.startsWith('/\\')) {
    // Resolve against the base so `/..%2f` style input cannot leave the origin either.
    const url = new URL(value, baseUrl);
    return url.origin === new URL(baseUrl).origin ? url.pathname + url.search + url.hash : fallback;
  }
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return fallback;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return fallback;
  const allowed = [baseUrl, ...trustedOrigins].map((o) => new URL(o).origin);
  return allowed.includes(url.origin) ? url.href : fallback;
}
