/** Host names that only ever reach this machine (URL `hostname` spelling). */
const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/** What a resource server accepts as a place to fetch verification keys or discovery from. */
export interface KeySourceRules {
  /** Plain http is refused (NODE_ENV=production), except on loopback and {@link allowHttpHosts}. */
  requireHttps: boolean;
  /** Host names (lower case) that may serve keys over plain http: internal names (`JWKS_ALLOW_HTTP_HOSTS`). */
  allowHttpHosts: string[];
}

/**
 * Whether a URL's host is a loopback name (127.0.0.0/8 included).
 * @example isLoopbackHost('127.0.0.2') // true; isLoopbackHost('example.com') // false
 */
export function isLoopbackHost(hostname: string): boolean {
  const name = hostname.toLowerCase();
  return LOOPBACK_HOSTS.has(name) || /^127(\.\d{1,3}){3}$/.test(name);
}

/**
 * Why `url` may not serve keys under `rules`, or undefined when it may. A key set fetched over plain
 * http can be swapped by anyone on the path, and then every token they sign is accepted.
 * @example
 * keySourceProblem('http://idp.internal/jwks', { requireHttps: true, allowHttpHosts: [] })
 * // 'must be an https:// URL when NODE_ENV=production (or its host listed in JWKS_ALLOW_HTTP_HOSTS)'
 */
export function keySourceProblem(url: string, rules: KeySourceRules): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'is not a URL';
  }
  if (parsed.protocol === 'https:') return undefined;
  if (parsed.protocol !== 'http:') return 'must be an https:// URL';
  if (!rules.requireHttps) return undefined;
  const host = parsed.hostname.toLowerCase();
  if (isLoopbackHost(host) || rules.allowHttpHosts.includes(host)) return undefined;
  return 'must be an https:// URL when NODE_ENV=production (or its host listed in JWKS_ALLOW_HTTP_HOSTS)';
}

/**
 * Signature algorithms a resource server may accept: asymmetric only (never `none`, never HMAC).
 * @example JwtGuardModule.forRoot({ provider: { provider: 'custom', algorithms: ['ES256'], … } })
 */
export const ASYMMETRIC_JWS_ALGORITHMS = [
  'EdDSA',
  'Ed25519',
  'ES256',
  'ES384',
  'ES512',
  'RS256',
  'RS384',
  'RS512',
  'PS256',
  'PS384',
  'PS512',
] as const;
