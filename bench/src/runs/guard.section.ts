import { startKitApp, startPeer, PEERS, type PeerName } from '../procs/stack.js';
import type { ThroughputRow } from '../report/results.types.js';
import type { BenchContext } from './bench.context.js';
import { checkGuard, checkOpen, subOf } from './guard.check.js';
import { measureTargets, type Target } from './measure.js';

const JSONWEBTOKEN_EDDSA =
  'passport-jwt verifies with jsonwebtoken 9, which rejects Ed25519 keys ("Unknown key type ed25519"); see the RS256 rows';

function meTarget(
  id: string,
  section: Target['section'],
  label: string,
  url: string,
  token: string,
  keyHits: () => number,
  unsupportedNote?: string,
): Target {
  return {
    id,
    section,
    label,
    request: { url: `${url}/me`, headers: { authorization: `Bearer ${token}` } },
    keyHits,
    check: () => checkGuard(`${url}/me`, token, subOf(token)),
    unsupportedNote,
  };
}

/**
 * Runs 1-3 with EdDSA: the kit's api `/me` against its own `/health/live`, the same route in the
 * peers with the same token and key endpoint, and key fetches during each measured window.
 * Also the MCP endpoint (guarded the same way), to warm apps/mcp for its memory reading.
 */
export async function guardSection(ctx: BenchContext): Promise<ThroughputRow[]> {
  const { deployment: d, eddsa } = ctx;
  ctx.log(`guard runs (EdDSA, keys from ${eddsa.description})`);
  const api = await startKitApp('api', d, { env: eddsa.env });
  const mcp = await startKitApp('mcp', d, { env: eddsa.env });
  ctx.running.push(api, mcp);
  const token = await eddsa.token(d.apiUrl);
  const mcpToken = await eddsa.token(d.mcpUrl);
  const peers = new Map<PeerName, string>();
  for (const peer of Object.keys(PEERS) as PeerName[]) {
    const app = await startPeer(peer, {
      jwksUri: eddsa.jwksUri,
      issuer: eddsa.issuer,
      audience: d.apiUrl,
      algorithms: ['EdDSA'],
    });
    ctx.running.push(app);
    peers.set(peer, app.url);
  }
  const targets: Target[] = [
    {
      id: 'api-health',
      section: 'guard',
      label: 'kit api GET /health/live (public)',
      request: { url: `${api.url}/health/live` },
      check: () => checkOpen(`${api.url}/health/live`),
    },
    meTarget('api-me', 'guard', 'kit api GET /me (jwt-guard, EdDSA)', api.url, token, eddsa.hits),
    meTarget(
      'fastify-jose',
      'guard',
      `${PEERS['fastify-jose']} (EdDSA)`,
      peers.get('fastify-jose')!,
      token,
      eddsa.hits,
    ),
    meTarget(
      'express-oauth2',
      'guard',
      `${PEERS['express-oauth2']} (EdDSA)`,
      peers.get('express-oauth2')!,
      token,
      eddsa.hits,
    ),
    meTarget(
      'nest-passport',
      'guard',
      `${PEERS['nest-passport']} (EdDSA)`,
      peers.get('nest-passport')!,
      token,
      eddsa.hits,
      JSONWEBTOKEN_EDDSA,
    ),
    {
      id: 'mcp-initialize',
      section: 'guard',
      label: 'kit mcp POST /mcp initialize (jwt-guard, EdDSA)',
      request: {
        url: `${mcp.url}/mcp`,
        method: 'POST',
        headers: {
          authorization: `Bearer ${mcpToken}`,
          'content-type': 'application/json',
          accept: 'application/json, text/event-stream',
        },
        body: JSON.stringify({
          jsonrpc: '2.0',
          id: 1,
          method: 'initialize',
          params: {
            protocolVersion: '2025-06-18',
            capabilities: {},
            clientInfo: { name: 'bench', version: '1.0.0' },
          },
        }),
      },
      keyHits: eddsa.hits,
    },
  ];
  const rows = await measureTargets(targets, ctx.settings, ctx.log);
  // both apps have now served a few hundred thousand requests: "warm"
  ctx.rssWarmMiB.api = api.rssMiB();
  ctx.rssWarmMiB.mcp = mcp.rssMiB();
  await ctx.stopAll();
  return rows;
}

/**
 * The comparison with passport-jwt at an algorithm it supports: RS256 keys from the local key
 * server, the kit's api bound to it with `AUTH_PROVIDER=custom`, and each peer.
 */
export async function rs256Section(ctx: BenchContext): Promise<ThroughputRow[]> {
  const { deployment: d, keyServer, keyProxy } = ctx;
  ctx.log('guard runs (RS256, local key server)');
  const jwksUri = keyProxy.urlOf('/.well-known/jwks.json');
  const api = await startKitApp('api', d, {
    env: {
      AUTH_PROVIDER: 'custom',
      JWKS_URL: jwksUri,
      JWT_ISSUER: keyServer.issuer,
      JWT_ALGORITHMS: 'RS256',
    },
  });
  ctx.running.push(api);
  const token = await keyServer.sign('RS256', d.apiUrl);
  const targets: Target[] = [
    meTarget(
      'api-me-rs256',
      'guard-rs256',
      'kit api GET /me (jwt-guard, RS256)',
      api.url,
      token,
      keyProxy.hits,
    ),
  ];
  for (const peer of Object.keys(PEERS) as PeerName[]) {
    const app = await startPeer(peer, {
      jwksUri,
      issuer: keyServer.issuer,
      audience: d.apiUrl,
      algorithms: ['RS256'],
    });
    ctx.running.push(app);
    targets.push(
      meTarget(
        `${peer}-rs256`,
        'guard-rs256',
        `${PEERS[peer]} (RS256)`,
        app.url,
        token,
        keyProxy.hits,
      ),
    );
  }
  const rows = await measureTargets(targets, ctx.settings, ctx.log);
  await ctx.stopAll();
  return rows;
}
