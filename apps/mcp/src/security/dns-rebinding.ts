/** Host names that only ever reach this machine. */
const LOOPBACK_NAMES = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);

/** True when `host` (the `HOST` the server binds to) only accepts connections from this machine. */
export function isLoopbackBind(host: string): boolean {
  const name = host.trim().toLowerCase();
  return LOOPBACK_NAMES.has(name) || /^127(\.\d{1,3}){3}$/.test(name);
}

/** The host name of a `Host` header (`name`, `name:port`, `[v6]`, `[v6]:port`), lower-cased; undefined when malformed. */
export function hostName(header: string): string | undefined {
  const match = /^(\[[0-9a-f:.]+\]|[a-z0-9.-]+)(?::\d{1,5})?$/i.exec(header.trim());
  return match?.[1].toLowerCase();
}

/**
 * Who may talk to the server. `hostNames` (loopback binds only): the `Host` names accepted;
 * `origins`: the browser origins accepted; `loopbackOrigins`: whether any loopback origin passes too.
 */
export interface RebindingPolicy {
  hostNames?: Set<string>;
  origins: Set<string>;
  loopbackOrigins: boolean;
}

/**
 * Builds the policy from where the server is bound (`HOST`), its public URL (`MCP_URL`) and the
 * extra origins configured (`MCP_ALLOWED_ORIGINS`):
 * - bound to loopback: `Host` must be a loopback name or MCP_URL's host (a local proxy); `Origin`,
 *   when sent, a loopback origin, MCP_URL's origin or a configured one;
 * - reachable from outside (`0.0.0.0`, a LAN address): any `Host` (names are the proxy's and DNS's
 *   business), but `Origin`, when sent, must be MCP_URL's or a configured one, plus loopback ones
 *   while MCP_URL itself is a loopback URL (a local trial such as docker-compose's defaults).
 * Requests without `Origin` (MCP clients that are not browsers) are not affected by the Origin rule.
 */
export function rebindingPolicy(
  publicUrl: string,
  bindHost = '127.0.0.1',
  allowedOrigins: string[] = [],
): RebindingPolicy {
  const url = new URL(publicUrl);
  const origins = new Set([url.origin, ...allowedOrigins]);
  if (!isLoopbackBind(bindHost)) {
    return { origins, loopbackOrigins: LOOPBACK_NAMES.has(url.hostname.toLowerCase()) };
  }
  return {
    hostNames: new Set([...LOOPBACK_NAMES, url.hostname.toLowerCase()]),
    origins,
    loopbackOrigins: true,
  };
}

/**
 * Why a request must be refused (DNS rebinding: a web page whose name now resolves to 127.0.0.1
 * talking to this server through the victim's browser), or undefined when it may pass.
 * Port-agnostic, as the MCP SDK's `hostHeaderValidation`: the port of a loopback name proves nothing.
 */
export function rebindingViolation(
  policy: RebindingPolicy,
  host: string | undefined,
  origin: string | undefined,
): string | undefined {
  if (policy.hostNames) {
    const name = host === undefined ? undefined : hostName(host);
    if (!name || !policy.hostNames.has(name)) return 'Host header not allowed';
  }
  if (origin === undefined) return undefined;
  if (policy.origins.has(origin)) return undefined;
  let parsed: URL;
  try {
    parsed = new URL(origin);
  } catch {
    return 'Origin header not allowed';
  }
  const loopbackOrigin =
    policy.loopbackOrigins &&
    (parsed.protocol === 'http:' || parsed.protocol === 'https:') &&
    LOOPBACK_NAMES.has(parsed.hostname.toLowerCase()) &&
    parsed.origin === origin;
  return loopbackOrigin ? undefined : 'Origin header not allowed';
}
