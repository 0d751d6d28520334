import { BlockList, isIP } from 'node:net';

/** Resolves the address a request comes from, for rate limits and session records. */
export type ClientAddressResolver = (peer: string | undefined, forwardedFor: unknown) => string;

const bare = (address: string) => address.replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/, '');

function toBlockList(entries: string[]): BlockList {
  const list = new BlockList();
  for (const entry of entries) {
    const [address, prefix] = entry.split('/');
    const type = isIP(address) === 6 ? 'ipv6' : 'ipv4';
    if (prefix === undefined) list.addAddress(address, type);
    else list.addSubnet(address, Number(prefix), type);
  }
  return list;
}

/**
 * Without trusted proxies the client is the socket peer and `X-Forwarded-For` is ignored (any
 * client can write it). With them, when the peer is a trusted proxy, the client is the rightmost
 * `X-Forwarded-For` hop that is not itself a trusted proxy.
 */
export function clientAddressResolver(trustedProxies: string[]): ClientAddressResolver {
  if (!trustedProxies.length) return (peer) => bare(peer ?? '');
  const trusted = toBlockList(trustedProxies);
  const isTrusted = (ip: string) => trusted.check(ip, isIP(ip) === 6 ? 'ipv6' : 'ipv4');
  return (rawPeer, forwardedFor) => {
    const peer = bare(rawPeer ?? '');
    if (!isIP(peer) || !isTrusted(peer) || typeof forwardedFor !== 'string') return peer;
    const hops = forwardedFor
      .split(',')
      .map((hop) => bare(hop.trim()))
      .filter(Boolean);
    for (let i = hops.length - 1; i >= 0; i--) {
      if (!isIP(hops[i])) return peer;
      if (!isTrusted(hops[i])) return hops[i];
    }
    return hops[0] ?? peer;
  };
}
