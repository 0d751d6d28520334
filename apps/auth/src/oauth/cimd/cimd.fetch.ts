import { lookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';

/** Limits of a Client ID Metadata Document fetch. */
export interface CimdFetchPolicy {
  /** Abort after this many milliseconds. */
  timeoutMs: number;
  /** Refuse a body larger than this many bytes. */
  maxBytes: number;
  /** Host names allowed to resolve to private or loopback addresses (development stand-ins only). */
  privateHostsAllowed: readonly string[];
}

/** Why a document was refused; the message is safe to show to the client. */
export class CimdFetchError extends Error {}

const PRIVATE = new BlockList();
for (const [net, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.168.0.0', 16],
  ['224.0.0.0', 3],
] as const) {
  PRIVATE.addSubnet(net, prefix, 'ipv4');
}
for (const [net, prefix] of [
  ['::', 127],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
] as const) {
  PRIVATE.addSubnet(net, prefix, 'ipv6');
}

/** True for loopback, private, link-local, CGNAT, multicast and mapped addresses. */
export function isPrivateAddress(address: string): boolean {
  // IPv4-mapped IPv6 (::ffff:a.b.c.d) is judged as the IPv4 address it carries.
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)?.[1];
  if (mapped) return isPrivateAddress(mapped);
  if (/^::ffff:/i.test(address)) return true; // mapped, written in hex: refuse rather than decode
  const family = isIP(address);
  if (family === 0) return true;
  // A mapped-IPv6 rule would also match every IPv4 address: none is listed above.
  return PRIVATE.check(address, family === 4 ? 'ipv4' : 'ipv6');
}

/**
 * A `client_id` that may name a metadata document: an https URL with a path, no credentials,
 * no fragment (draft-ietf-oauth-client-id-metadata-document §3).
 */
export function isClientIdUrl(clientId: string): boolean {
  if (!clientId.startsWith('https://')) return false;
  try {
    const url = new URL(clientId);
    return url.pathname.length > 1 && !url.username && !url.password && !clientId.includes('#');
  } catch {
    return false;
  }
}

async function assertPublicHost(url: URL, policy: CimdFetchPolicy): Promise<void> {
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (policy.privateHostsAllowed.includes(host)) return;
  const addresses = isIP(host) ? [{ address: host }] : await lookup(host, { all: true });
  if (addresses.length === 0 || addresses.some(({ address }) => isPrivateAddress(address))) {
    throw new CimdFetchError(`client_id host ${host} is not a public address`);
  }
}

async function readCapped(res: Response, maxBytes: number): Promise<string> {
  const declared = Number(res.headers.get('content-length'));
  if (declared > maxBytes) throw new CimdFetchError(`metadata document over ${maxBytes} bytes`);
  if (!res.body) return '';
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of res.body as AsyncIterable<Uint8Array>) {
    size += chunk.byteLength;
    // Leaving the loop early cancels the stream: the rest is never read.
    if (size > maxBytes) throw new CimdFetchError(`metadata document over ${maxBytes} bytes`);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * Fetches the Client ID Metadata Document named by `clientId`: https only, the host must resolve
 * to public addresses, no redirects at all (a redirect could lead to a private address), a
 * timeout and a size cap, JSON whose `client_id` is the URL itself.
 */
export async function fetchClientMetadataDocument(
  clientId: string,
  policy: CimdFetchPolicy,
): Promise<Record<string, unknown>> {
  if (!isClientIdUrl(clientId))
    throw new CimdFetchError('client_id is not an https URL with a path');
  const url = new URL(clientId);
  await assertPublicHost(url, policy);
  let res: Response;
  try {
    res = await fetch(url, {
      redirect: 'manual',
      headers: { accept: 'application/json' },
      signal: AbortSignal.timeout(policy.timeoutMs),
    });
  } catch (error) {
    throw new CimdFetchError(`metadata document unreachable: ${(error as Error).name}`);
  }
  if (res.status !== 200) {
    await res.body?.cancel();
    throw new CimdFetchError(`metadata document answered ${res.status}`);
  }
  const text = await readCapped(res, policy.maxBytes);
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch {
    throw new CimdFetchError('metadata document is not JSON');
  }
  if (typeof document !== 'object' || document === null || Array.isArray(document)) {
    throw new CimdFetchError('metadata document is not a JSON object');
  }
  if ((document as { client_id?: unknown }).client_id !== clientId) {
    throw new CimdFetchError('metadata document client_id differs from its URL');
  }
  return document as Record<string, unknown>;
}
