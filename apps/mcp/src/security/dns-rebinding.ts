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

/** Who may talk to a loopback-bound server: the loopback names on any port, and the public URL's host and origin. */
export interface RebindingPolicy {
  hostNames: Set<string>;
  origins: Set<string>;
}

/** Builds the policy from the server's public URL (MCP_URL), which may name a non-loopback host behind a local proxy. */
export function rebindingPolicy(publicUrl: string): RebindingPolicy {
  const url = new URL(publicUrl);
  return {
    hostNames: new Set([...LOOPBACK_NAMES, url.hostname.toLowerCase()]),
    origins: new Set([url.origin]),
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
  const name = host === undefined ? undefined : hostName(host);
  if (!name || !policy.hostNames.has(name)) return 'Host header not allowed';
  if (origin === undefined) return undefined;
  if (policy.origins.has(origin)) return undefined;
  let parsed: URL;
  try {
    parsed = new URL(origin);
  } catch {
    return 'Origin header not allowed';
  }
  const loopbackOrigin =
    (parsed.protocol === 'http:' || parsed.protocol === 'https:') &&
    LOOPBACK_NAMES.has(parsed.hostname.toLowerCase()) &&
    parsed.origin === origin;
  return loopbackOrigin ? undefined : 'Origin header not allowed';
}
